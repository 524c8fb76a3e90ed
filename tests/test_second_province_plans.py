"""A second province's officer against every write door of a plan: pages, services."""

import datetime

import pytest

from ocop.core.exceptions import PermissionDeniedError
from ocop.programme.models import Milestone, MilestoneKind, Plan, Target
from ocop.programme.services import plans as services
from tests import factories as f
from tests.programme.plans_helpers import make_plan

D = datetime.date


def _create(actor, province, **kw):
    return services.plan_create(
        actor=actor,
        province=province,
        year=2026,
        number="9/KH",
        issued_on=D(2026, 2, 1),
        issuing_body="UBND",
        title="Kế hoạch",
        **kw,
    )


def test_another_province_cannot_touch_a_plan(units, client):
    plan = make_plan(units.phu_tho, targets=[(units.new_commune, "new_products", 2)])
    stone = Milestone.objects.create(
        plan=plan, kind=MilestoneKind.OTHER, title="x", deadline=D(2026, 5, 1)
    )
    officer = f.UserFactory(username="hanoi-officer")
    f.grant(officer, "province_office", unit=units.hanoi)
    with pytest.raises(PermissionDeniedError):
        services.plan_update(actor=officer, plan=plan, title="Đổi")
    with pytest.raises(PermissionDeniedError):
        services.targets_set(
            actor=officer, plan=plan, values={(units.new_commune.pk, "new_products"): 9}
        )
    with pytest.raises(PermissionDeniedError):
        services.milestone_mark(actor=officer, milestone=stone, done_on=D(2026, 4, 1))
    with pytest.raises(PermissionDeniedError):
        _create(officer, units.phu_tho)
    client.force_login(officer)
    base = f"/chuong-trinh/ke-hoach/{plan.public_code}/"
    for url, data in [
        (
            base + "sua/",
            {"title": "Đổi", "number": "1", "issued_on": "01/01/2026", "issuing_body": "x"},
        ),
        (base + "chi-tieu/", {f"t-{units.new_commune.pk}-new_products": "9"}),
        (base + "moc/", {"kind": "other", "title": "y", "deadline": "01/06/2026"}),
        (base + f"moc/{stone.pk}/danh-dau/", {"done": "1"}),
        (base + f"moc/{stone.pk}/xoa/", {}),
    ]:
        assert client.post(url, data).status_code == 404, url
    created = client.post(
        "/chuong-trinh/ke-hoach/moi/",
        {
            "province": units.phu_tho.pk,
            "year": 2026,
            "number": "7/KH",
            "issued_on": "01/02/2026",
            "issuing_body": "x",
            "title": "y",
        },
    )
    assert created.status_code == 200
    plan.refresh_from_db()
    stone.refresh_from_db()
    assert plan.title == "Kế hoạch OCOP năm 2026" and Plan.objects.count() == 1
    assert (
        Target.objects.get().value == 2 and stone.done_on is None and Milestone.objects.count() == 1
    )
