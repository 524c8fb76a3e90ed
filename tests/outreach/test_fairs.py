"""Fairs through their services: who runs them, the lifecycle, entries and results."""

import datetime

import pytest

from ocop.core.exceptions import DomainError, PermissionDeniedError, TransitionError
from ocop.core.models import AuditEvent
from ocop.outreach import services
from ocop.outreach.models import FairLevel, FairStatus, Participation
from ocop.outreach.selectors import fairs_for_product, fairs_visible_to, public_participants
from tests import factories as f
from tests.outreach import factories as of

pytestmark = pytest.mark.django_db

DAY = datetime.date.today() + datetime.timedelta(days=20)


def _fields(**extra):
    return {
        "name": "Hội chợ OCOP Phú Thọ",
        "organiser": "Sở Công Thương",
        "level": FairLevel.PROVINCIAL,
        "starts_on": DAY,
        "ends_on": DAY + datetime.timedelta(days=4),
        "place": "Quảng trường Hùng Vương",
        "is_public": True,
    } | extra


def test_a_province_office_creates_an_event_for_its_province_and_it_is_audited(units, personas):
    fair = services.fair_create(actor=personas.province, unit=units.phu_tho, fields=_fields())
    assert fair.status == FairStatus.PLANNED and fair.unit == units.phu_tho
    assert AuditEvent.objects.filter(action="outreach.fair.created", object_id=str(fair.pk))


def test_no_one_else_runs_a_provinces_events(units, personas):
    for user in (personas.commune, personas.district, personas.producer, personas.central):
        with pytest.raises(PermissionDeniedError):
            services.fair_create(actor=user, unit=units.phu_tho, fields=_fields())
    with pytest.raises(PermissionDeniedError):
        services.fair_create(actor=personas.province, unit=units.hanoi, fields=_fields())


def test_a_central_event_belongs_to_the_central_office(units, personas):
    with pytest.raises(PermissionDeniedError):
        services.fair_create(
            actor=personas.province, unit=None, fields=_fields(level=FairLevel.CENTRAL)
        )
    fair = services.fair_create(
        actor=personas.central, unit=None, fields=_fields(level=FairLevel.CENTRAL)
    )
    assert fair.unit is None
    with pytest.raises(DomainError):
        services.fair_create(actor=personas.central, unit=None, fields=_fields())


def test_days_and_place_are_checked(units, personas):
    with pytest.raises(DomainError) as error:
        services.fair_create(
            actor=personas.province,
            unit=units.phu_tho,
            fields=_fields(ends_on=DAY - datetime.timedelta(days=1)),
        )
    assert error.value.field == "ends_on"
    # a commune abolished in 2025 was not in force on the event's day
    with pytest.raises(DomainError) as error:
        services.fair_create(
            actor=personas.province, unit=units.phu_tho, fields=_fields(place_unit=units.phu_lai)
        )
    assert error.value.field == "place_unit"
    fair = services.fair_create(
        actor=personas.province, unit=units.phu_tho, fields=_fields(place_unit=units.new_commune)
    )
    assert fair.place_unit == units.new_commune


def test_the_lifecycle_refuses_illegal_moves(units, personas):
    fair = of.fair(units.phu_tho, status=FairStatus.PLANNED, days=5)
    with pytest.raises(TransitionError):
        services.fair_report(actor=personas.province, fair=fair)
    services.fair_open(actor=personas.province, fair=fair)
    with pytest.raises(DomainError):  # not before its first day
        services.fair_hold(actor=personas.province, fair=fair)
    started = of.fair(units.phu_tho, status=FairStatus.OPEN, days=-2)
    services.fair_hold(actor=personas.province, fair=started)
    services.fair_report(actor=personas.province, fair=started)
    started.refresh_from_db()
    assert started.status == FairStatus.REPORTED
    with pytest.raises(DomainError):
        services.fair_cancel(actor=personas.province, fair=fair, reason="")
    services.fair_cancel(actor=personas.province, fair=fair, reason="Mưa bão")
    fair.refresh_from_db()
    assert fair.status == FairStatus.CANCELLED


def test_a_producer_enters_its_own_product_only_while_registration_is_open(
    units, personas, producer, other_producer
):
    own = f.ProductFactory(producer=producer)
    others = f.ProductFactory(producer=other_producer)
    fair = of.fair(units.phu_tho, status=FairStatus.PLANNED)
    with pytest.raises(PermissionDeniedError):
        services.participation_add(actor=personas.producer, fair=fair, product=own)
    services.fair_open(actor=personas.province, fair=fair)
    entry = services.participation_add(actor=personas.producer, fair=fair, product=own)
    assert entry.producer == producer
    with pytest.raises(DomainError):
        services.participation_add(actor=personas.producer, fair=fair, product=own)
    with pytest.raises(PermissionDeniedError):
        services.participation_add(actor=personas.producer, fair=fair, product=others)


def test_another_provinces_product_cannot_be_entered_by_this_office(
    units, personas, foreign_producer
):
    fair = of.fair(units.phu_tho)
    foreign = f.ProductFactory(producer=foreign_producer)
    with pytest.raises(PermissionDeniedError):
        services.participation_add(actor=personas.province, fair=fair, product=foreign)
    assert not Participation.objects.exists()


def test_results_are_recorded_by_the_office_once_held(units, personas, producer):
    product = f.ProductFactory(producer=producer)
    fair = of.fair(units.phu_tho, status=FairStatus.OPEN, days=-3)
    entry = of.enter(fair, product)
    results = {"sales_vnd": 12_500_000, "contracts_signed": 2, "contracts_value_vnd": 300_000_000}
    with pytest.raises(DomainError):
        services.participation_record_results(
            actor=personas.province, participation=entry, fields=results
        )
    services.fair_hold(actor=personas.province, fair=fair)
    with pytest.raises(PermissionDeniedError):
        services.participation_record_results(
            actor=personas.producer, participation=entry, fields=results
        )
    services.participation_record_results(
        actor=personas.province, participation=entry, fields=results
    )
    entry.refresh_from_db()
    assert (entry.sales_vnd, entry.contracts_signed) == (12_500_000, 2)
    event = AuditEvent.objects.get(action="outreach.participation.results")
    assert event.new["sales_vnd"] == 12_500_000


def test_the_public_sees_only_recognised_participants_and_the_product_page_its_fairs(
    units, producer
):
    fair = of.fair(units.phu_tho)
    hidden = of.fair(units.phu_tho, is_public=False)
    recognised = of.recognise(f.ProductFactory(producer=producer))
    expired = of.recognise(
        f.ProductFactory(producer=producer),
        expires_on=datetime.date.today() - datetime.timedelta(days=1),
    )
    draft = f.ProductFactory(producer=producer)
    for product in (recognised, expired, draft):
        of.enter(fair, product)
    of.enter(hidden, recognised)
    assert [e.product for e in public_participants(fair)] == [recognised]
    assert [e.fair for e in fairs_for_product(recognised)] == [fair]


def test_a_second_provinces_office_sees_public_events_only(units, personas):
    public = of.fair(units.phu_tho)
    private = of.fair(units.phu_tho, is_public=False)
    officer = f.UserFactory(username="hn-officer")
    f.grant(officer, "province_office", unit=units.hanoi)
    assert set(fairs_visible_to(officer)) == {public}
    assert set(fairs_visible_to(personas.district)) == {public, private}
