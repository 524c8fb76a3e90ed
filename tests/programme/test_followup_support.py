"""Support for promising products: sources, allocations and their lifecycle, and what became
of the supported products, shown per source."""

from __future__ import annotations

import datetime
from decimal import Decimal

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse
from django.utils import timezone

from ocop.accounts.models import Role
from ocop.certificates.models import Certificate, DecisionLevel, RecognitionDecision
from ocop.core.exceptions import DomainError, PermissionDeniedError, TransitionError
from ocop.evaluation.models import Enrolment, Result, Round, RoundLevel, RoundStatus
from ocop.programme import measures
from ocop.programme.models import AllocationStatus, FundingKind
from ocop.programme.selectors.support import allocations_visible_to, source_summary
from ocop.programme.services.support import allocation_move, allocation_propose, source_create
from ocop.registry.models import DossierStatus
from tests import factories as f
from tests.evaluation import factories as ef

pytestmark = pytest.mark.django_db
S = AllocationStatus


@pytest.fixture
def people(units, producer):
    return f.build_personas(units, producer)


@pytest.fixture
def source(units, people):
    return source_create(
        actor=people.province,
        kind=FundingKind.NATIONAL,
        name="Chương trình OCOP quốc gia",
        year=2026,
        amount=300_000_000,
        unit=units.phu_tho,
    )


def _propose(actor, source, producer, product=None, amount=100_000_000, day=(2026, 2, 1)):
    return allocation_propose(
        actor=actor,
        source=source,
        producer=producer,
        product=product,
        amount=amount,
        purpose="Hoàn thiện bao bì, nhãn mác",
        starts_on=datetime.date(*day),
    )


def test_only_the_provincial_office_holds_sources(units, people):
    for actor in (people.district, people.department, people.central):
        with pytest.raises(PermissionDeniedError):
            source_create(
                actor=actor, kind="other", name="X", year=2026, amount=1, unit=units.phu_tho
            )
    with pytest.raises(DomainError):
        source_create(
            actor=people.province,
            kind="other",
            name="X",
            year=2026,
            amount=1,
            unit=units.new_commune,
        )


def test_allocation_lifecycle(people, source, producer, product):
    allocation = _propose(people.commune, source, producer, product)
    assert allocation.status == S.PROPOSED
    with pytest.raises(PermissionDeniedError):
        allocation_move(actor=people.commune, allocation=allocation, to=S.APPROVED)
    with pytest.raises(TransitionError):
        allocation_move(actor=people.province, allocation=allocation, to=S.COMPLETED)
    for to in (S.APPROVED, S.DISBURSED, S.COMPLETED):
        allocation = allocation_move(actor=people.province, allocation=allocation, to=to)
    assert allocation.status == S.COMPLETED
    with pytest.raises(TransitionError):
        allocation_move(actor=people.province, allocation=allocation, to=S.CANCELLED)
    # the proposer may withdraw its own proposal, nothing more
    other = _propose(people.commune, source, producer, amount=1_000)
    assert allocation_move(actor=people.commune, allocation=other, to=S.CANCELLED).status == (
        S.CANCELLED
    )


def test_allocations_stay_inside_the_source_and_the_scope(
    units, people, source, producer, other_producer, foreign_producer, product
):
    with pytest.raises(PermissionDeniedError):  # a commune officer, another district's producer
        _propose(people.commune, source, other_producer)
    with pytest.raises(DomainError):  # a Hà Nội producer from a Phú Thọ source (superuser)
        _propose(people.admin, source, foreign_producer)
    foreign_product = f.ProductFactory(producer=other_producer)
    with pytest.raises(DomainError):
        _propose(people.province, source, producer, foreign_product)
    _propose(people.province, source, producer, product, amount=250_000_000)
    with pytest.raises(DomainError, match="50.000.000 đ"):
        _propose(people.province, source, producer, product, amount=60_000_000)


def _certificate(product, *, stars, day, score=None):
    decision = RecognitionDecision.objects.create(
        number=f"{day.isoformat()}/QĐ",
        decided_on=day,
        year=day.year,
        level=DecisionLevel.PROVINCE,
        unit=product.province,
    )
    return Certificate.objects.create(
        product=product,
        producer=product.producer,
        decision=decision,
        stars=stars,
        score=score,
        issued_on=day,
        expires_on=day + datetime.timedelta(days=3 * 365),
    )


def _final_result(units, product, *, total, stars, day):
    ps = ef.set14()
    round_ = Round.objects.create(
        level=RoundLevel.PROVINCE,
        unit=units.phu_tho,
        year=day.year,
        criteria_set=ps.criteria_set,
        status=RoundStatus.OPEN,
    )
    enrolment = Enrolment.objects.create(
        round=round_,
        dossier=ef.dossier_for(product, status=DossierStatus.IN_EVALUATION),
        product=product,
        product_set=ps,
        criteria_set=ps.criteria_set,
    )
    return Result.objects.create(
        enrolment=enrolment,
        criteria_set=ps.criteria_set,
        product_set=ps,
        total=Decimal(total),
        stars=stars,
        band_stars=stars,
        recognisable=stars >= 3,
        final=True,
        finalised_at=timezone.make_aware(datetime.datetime.combine(day, datetime.time(9))),
        quorum_met=True,
    )


def test_what_became_of_the_products_is_shown_per_source(
    client, units, people, source, producer, other_producer, product_set
):
    before = f.ProductFactory(producer=producer, product_set=product_set, name="Chè Shan tuyết")
    scored = f.ProductFactory(producer=producer, product_set=product_set, name="Mật ong bạc hà")
    waiting = f.ProductFactory(producer=producer, product_set=product_set, name="Gạo nếp cẩm")
    _certificate(before, stars=4, day=datetime.date(2026, 1, 10))  # before the support
    _propose(people.province, source, producer, before, amount=10_000_000)
    _propose(people.province, source, producer, scored, amount=20_000_000)
    _propose(people.province, source, producer, waiting, amount=30_000_000)
    _final_result(units, scored, total="76.50", stars=4, day=datetime.date(2026, 8, 1))
    other = source_create(
        actor=people.province,
        kind=FundingKind.PROVINCIAL,
        name="Ngân sách tỉnh",
        year=2026,
        amount=100_000_000,
        unit=units.phu_tho,
    )
    _propose(people.province, other, producer, waiting, amount=5_000_000)

    summary = source_summary(source, allocations_visible_to(people.province))
    outcomes = {a.product.name: o for a, o in summary.rows}
    assert outcomes["Chè Shan tuyết"] is None  # its certificate came before the support
    assert (outcomes["Mật ong bạc hà"].score, outcomes["Mật ong bạc hà"].stars) == (
        Decimal("76.50"),
        4,
    )
    assert outcomes["Gạo nếp cẩm"] is None
    assert (summary.amount, summary.recognised) == (60_000_000, 1)
    assert source_summary(other, allocations_visible_to(people.province)).recognised == 0

    client.force_login(people.province)
    page = client.get(reverse("programme:support_index")).content.decode()
    assert "60.000.000 đ" in page and "76,50" in page
    assert "1 sản phẩm đạt từ 3 sao trở lên sau hỗ trợ" in page


def test_the_measure_counts_allocations_with_one_query(units, people, source, producer):
    far = f.ProducerFactory(commune=units.new_commune_2, province=units.phu_tho)
    _propose(people.province, source, producer, day=(2026, 2, 1))  # Phú Lai, now Yên Trị
    _propose(people.province, source, far, day=(2026, 3, 1))
    cancelled = _propose(people.province, source, far, day=(2026, 4, 1))
    allocation_move(actor=people.province, allocation=cancelled, to=S.CANCELLED)
    measure = measures.MEASURES["support_allocations"]
    with CaptureQueriesContext(connection) as queries:
        counts = measure.count(
            2026,
            [units.phu_tho, units.new_commune, units.new_commune_2],
            datetime.date(2026, 12, 31),
        )
    assert len(queries) == 1
    assert counts == {units.phu_tho.pk: 2, units.new_commune.pk: 1, units.new_commune_2.pk: 1}


def test_another_province_gets_404_on_support(client, units, people, source, producer):
    allocation = _propose(people.province, source, producer)
    hanoi = f.UserFactory(username="hanoi-office")
    f.grant(hanoi, Role.PROVINCE_OFFICE, unit=units.hanoi)
    client.force_login(hanoi)
    for name, code in (
        ("source_detail", source.public_code),
        ("source_edit", source.public_code),
        ("allocation_detail", allocation.public_code),
    ):
        assert client.get(reverse(f"programme:{name}", kwargs={"code": code})).status_code == 404
    url = reverse("programme:allocation_move", kwargs={"code": allocation.public_code})
    assert client.post(url, {"to": S.APPROVED}).status_code == 404
    allocation.refresh_from_db()
    assert allocation.status == S.PROPOSED
