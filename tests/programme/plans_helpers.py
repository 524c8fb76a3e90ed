"""Building blocks of the plan tests: plans, certificates."""

import datetime

from ocop.certificates.models import Certificate, DecisionLevel, RecognitionDecision
from ocop.programme.models import Plan, Target


def certify(product, *, on, stars=3, previous=None, year=None):
    decision, _ = RecognitionDecision.objects.get_or_create(
        number=f"QD-{on.isoformat()}",
        year=year or on.year,
        unit=product.province,
        defaults={"decided_on": on, "level": DecisionLevel.PROVINCE},
    )
    return Certificate.objects.create(
        product=product,
        producer=product.producer,
        decision=decision,
        stars=stars,
        issued_on=on,
        expires_on=on + datetime.timedelta(days=3 * 365),
        previous=previous,
        kind="upgrade" if previous else "first",
    )


def make_plan(province, *, year=2026, targets=(), deadline=None, number="01/KH-UBND"):
    plan = Plan.objects.create(
        province=province,
        year=year,
        number=number,
        issued_on=datetime.date(year, 1, 15),
        issuing_body="Ủy ban nhân dân tỉnh",
        title=f"Kế hoạch OCOP năm {year}",
        deadline=deadline or datetime.date(year, 12, 31),
    )
    for unit, measure, value in targets:
        Target.objects.create(plan=plan, unit=unit, measure=measure, value=value)
    return plan
