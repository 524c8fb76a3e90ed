import datetime
from decimal import Decimal

import pytest
from django.test import override_settings

from ocop.core.exceptions import DomainError, PermissionDeniedError
from ocop.evaluation import services
from ocop.evaluation.models import EnrolmentStatus, RoundLevel, SheetStatus
from ocop.registry.models import DossierKind, DossierStatus, ProductStatus
from tests import factories as f
from tests.evaluation import factories as ef

RULES = {
    "SCORE_SPREAD_MAX": 10.0,
    "QUORUM_SHARE": 0.75,
    "MINIMUM_AGGREGATION": "mean",
    "CERTIFICATE_VALIDITY_MONTHS": 36,
    "REEVALUATION_WINDOW_OPENS_DAYS": 180,
    "REEVALUATION_WINDOW_CLOSES_DAYS": 120,
    "CENTRAL_MIN_SCORE": 90.0,
    "DISTRICT_LEVEL_LAST_DAY": "2025-07-05",
}


def enrol(ev, product, **kwargs):
    return services.enrolment_add(
        actor=ev.manager, round_=ev.round, dossier=ef.dossier_for(product, **kwargs)
    )


def test_enrolment_takes_a_forwarded_dossier_with_the_criteria_set_of_its_filing_date(ev, spirit):
    enrolment = enrol(ev, spirit)
    assert enrolment.criteria_set.code == "QD-26-2026-TTg"
    assert enrolment.product_set.number == 14
    assert enrolment.kind == DossierKind.FIRST
    enrolment.dossier.refresh_from_db()
    assert enrolment.dossier.status == DossierStatus.IN_EVALUATION
    spirit.refresh_from_db()
    assert spirit.status == ProductStatus.UNDER_REVIEW


def test_enrolment_refuses_a_dossier_not_forwarded_by_the_commune(ev, spirit):
    with pytest.raises(DomainError, match="forwarded"):
        enrol(ev, spirit, status=DossierStatus.SUBMITTED)


def test_enrolment_accepts_a_submitted_upgrade_dossier(ev, spirit):
    enrolment = enrol(ev, spirit, kind=DossierKind.UPGRADE, status=DossierStatus.SUBMITTED)
    assert enrolment.kind == DossierKind.UPGRADE
    enrolment.dossier.refresh_from_db()
    assert enrolment.dossier.status == DossierStatus.IN_EVALUATION


def test_criteria_set_follows_the_filing_date_and_the_transition_window(set14):
    from ocop.criteria.models import CriteriaSet

    old, _ = CriteriaSet.objects.get_or_create(
        code="QD-148-2023-TTg",
        defaults={
            "title_vi": "148",
            "issued_on": datetime.date(2023, 2, 24),
            "effective_from": datetime.date(2023, 2, 24),
            "effective_to": datetime.date(2026, 7, 20),
        },
    )
    filed = datetime.date(2026, 5, 21)
    assert services.criteria_set_for(filed) == old
    # decided within 60 days of 22 May 2026: the old set still applies
    assert services.criteria_set_for(filed, decided_on=datetime.date(2026, 7, 20)) == old
    # decided later: the new set
    late = services.criteria_set_for(filed, decided_on=datetime.date(2026, 7, 21))
    assert late.code == "QD-26-2026-TTg"
    assert services.criteria_set_for(datetime.date(2026, 5, 22)).code == "QD-26-2026-TTg"


def test_dossier_outside_the_round_unit_is_refused(ev, foreign_producer, set14):
    product = f.ProductFactory(producer=foreign_producer, product_set=set14)
    with pytest.raises(DomainError, match="outside"):
        enrol(ev, product)


def test_intake_deadline_refuses_late_dossiers(ev, spirit):
    with pytest.raises(DomainError, match="forwarded by"):
        enrol(ev, spirit, filed=datetime.date(2026, 10, 25))


def test_proposed_round_dates_follow_the_national_calendar():
    assert services.proposed_round_dates(level="province", year=2026, number=1) == {
        "intake_deadline": datetime.date(2026, 4, 30),
        "decision_deadline": datetime.date(2026, 6, 30),
    }
    dates = services.proposed_round_dates(level="province", year=2026, number=2)
    assert dates["decision_deadline"] == datetime.date(2026, 12, 30)
    assert dates["intake_deadline"] == datetime.date(2026, 10, 30)
    central = services.proposed_round_dates(level="central", year=2026, number=2)
    assert central["decision_deadline"] == datetime.date(2026, 9, 30)


def test_district_round_after_the_district_level_ended_is_refused(units, personas, set14):
    with pytest.raises(DomainError, match="District councils"):
        services.round_create(
            actor=personas.province,
            level=RoundLevel.DISTRICT,
            year=2026,
            number=1,
            unit=units.yen_thuy,
            criteria_set=ef.criteria_2026(),
        )


def test_district_round_before_the_reform_is_allowed(units, personas, set14):
    round_ = services.round_create(
        actor=personas.province,
        level=RoundLevel.DISTRICT,
        year=2024,
        number=1,
        unit=units.yen_thuy,
        criteria_set=ef.criteria_2026(),
    )
    assert round_.decision_deadline == datetime.date(2024, 6, 30)


def test_round_managed_only_in_scope(units, personas, set14):
    other = f.UserFactory(username="hanoi-office")
    f.grant(other, "province_office", unit=units.hanoi)
    with pytest.raises(PermissionDeniedError):
        services.round_create(
            actor=other,
            level=RoundLevel.PROVINCE,
            year=2026,
            unit=units.phu_tho,
            criteria_set=ef.criteria_2026(),
        )


def test_member_with_declared_conflict_cannot_be_assigned(ev, spirit):
    enrolment = enrol(ev, spirit)
    member = ev.members[1]
    services.conflict_declare(actor=member.user, member=member, producer=spirit.producer)
    with pytest.raises(DomainError, match="declared a link"):
        services.member_assign(actor=ev.manager, enrolment=enrolment, member=member)


def test_stale_version_is_refused_and_nothing_is_lost(ev, spirit):
    enrolment = enrol(ev, spirit)
    sheet = services.member_assign(
        actor=ev.manager, enrolment=enrolment, member=ev.members[0]
    ).sheet
    loaded = sheet.version
    first = services.sheet_save_draft(
        actor=ev.members[0].user, sheet=sheet, answers={"1.1": "4"}, version=loaded
    )
    with pytest.raises(DomainError, match="changed elsewhere") as err:
        services.sheet_save_draft(
            actor=ev.members[0].user, sheet=sheet, answers={"1.1": "1"}, version=loaded
        )
    assert err.value.code == "stale"
    first.refresh_from_db()
    assert first.answers == {"1.1": "4"}


def test_two_members_saving_their_own_sheets_lose_nothing(ev, spirit):
    enrolment = enrol(ev, spirit)
    a = services.member_assign(actor=ev.manager, enrolment=enrolment, member=ev.members[0]).sheet
    b = services.member_assign(actor=ev.manager, enrolment=enrolment, member=ev.members[1]).sheet
    services.sheet_save_draft(actor=ev.members[0].user, sheet=a, answers={"1.1": "4"}, version=1)
    services.sheet_save_draft(actor=ev.members[1].user, sheet=b, answers={"1.1": "2"}, version=1)
    a.refresh_from_db()
    b.refresh_from_db()
    assert (a.answers, b.answers) == ({"1.1": "4"}, {"1.1": "2"})


def test_member_cannot_fill_another_members_sheet(ev, spirit):
    enrolment = enrol(ev, spirit)
    sheet = services.member_assign(
        actor=ev.manager, enrolment=enrolment, member=ev.members[0]
    ).sheet
    with pytest.raises(PermissionDeniedError):
        services.sheet_save_draft(actor=ev.members[1].user, sheet=sheet, answers={}, version=1)


def test_unknown_option_is_refused_naming_the_criterion(ev, spirit):
    enrolment = enrol(ev, spirit)
    sheet = services.member_assign(
        actor=ev.manager, enrolment=enrolment, member=ev.members[0]
    ).sheet
    with pytest.raises(DomainError, match="criterion 1.1") as err:
        services.sheet_save_draft(
            actor=ev.members[0].user, sheet=sheet, answers={"1.1": "3"}, version=1
        )
    assert err.value.field == "1.1"
    with pytest.raises(DomainError, match="9.9"):
        services.sheet_save_draft(
            actor=ev.members[0].user, sheet=sheet, answers={"9.9": "1"}, version=1
        )


def test_incomplete_sheet_cannot_be_submitted(ev, spirit):
    enrolment = enrol(ev, spirit)
    sheet = services.member_assign(
        actor=ev.manager, enrolment=enrolment, member=ev.members[0]
    ).sheet
    with pytest.raises(DomainError, match="1.1"):
        services.sheet_submit(actor=ev.members[0].user, sheet=sheet, answers={}, version=1)


def test_submitting_twice_counts_once(ev, spirit):
    enrolment = enrol(ev, spirit)
    sheets = ef.score_all(ev, enrolment, [80, 80, 80])
    again = services.sheet_submit(actor=ev.members[0].user, sheet=sheets[0])
    assert again.version == sheets[0].version
    result = services.result_compute(actor=ev.manager, enrolment=enrolment)
    assert result.member_count == 3
    assert result.total == Decimal("80.00")
    from ocop.core.models import AuditEvent

    assert AuditEvent.objects.filter(action="evaluation.sheet.submitted").count() == 3


@pytest.mark.parametrize(
    ("totals", "stars"),
    [
        ([70, 70, 69], 3),  # mean 69.66: below the 4-star floor
        ([70, 70, 70], 4),
        ([50, 50, 49], 2),  # 49.66
        ([50, 50, 50], 3),
        ([90, 90, 89], 4),  # 89.66
        ([90, 90, 90], 5),
    ],
)
def test_stars_follow_the_council_mean_at_band_boundaries(ev, spirit, totals, stars):
    enrolment = enrol(ev, spirit)
    ef.score_all(ev, enrolment, totals)
    result = services.result_compute(actor=ev.manager, enrolment=enrolment)
    assert result.stars == stars
    assert result.total == (sum(Decimal(t) for t in totals) / 3).quantize(
        Decimal("0.01"), rounding="ROUND_DOWN"
    )
    assert result.criteria_set.code == "QD-26-2026-TTg"
    assert result.product_set == enrolment.product_set


def test_spread_flags_the_outlier_and_blocks_finalising_until_rescored(ev, spirit):
    enrolment = enrol(ev, spirit)
    sheets = ef.score_all(ev, enrolment, [75, 76, 95])
    result = services.result_compute(actor=ev.manager, enrolment=enrolment)
    assert [flag["member"] for flag in result.flags] == [ev.members[2].pk]
    with pytest.raises(DomainError, match="more than 10"):
        services.result_finalise(actor=ev.chair.user, result=result)
    with pytest.raises(PermissionDeniedError):
        services.sheet_reopen(actor=ev.members[1].user, sheet=sheets[2], reason="x")
    reopened = services.sheet_reopen(actor=ev.chair.user, sheet=sheets[2], reason="Chấm lại")
    assert reopened.status == SheetStatus.DRAFT
    services.sheet_submit(
        actor=ev.members[2].user,
        sheet=reopened,
        answers=ef.answers_with_total(80),
        version=reopened.version,
    )
    result = services.result_compute(actor=ev.manager, enrolment=enrolment)
    assert result.flags == []
    result = services.result_finalise(actor=ev.chair.user, result=result)
    assert result.final
    enrolment.refresh_from_db()
    assert enrolment.status == EnrolmentStatus.PROPOSED
    assert set(enrolment.assignments.values_list("sheet__status", flat=True)) == {
        SheetStatus.LOCKED
    }


def test_chair_may_override_the_spread_rule_with_a_reason(ev, spirit):
    enrolment = enrol(ev, spirit)
    ef.score_all(ev, enrolment, [75, 76, 95])
    result = services.result_compute(actor=ev.manager, enrolment=enrolment)
    with pytest.raises(PermissionDeniedError):
        services.result_finalise(actor=ev.manager, result=result, override_reason="ok")
    result = services.result_finalise(
        actor=ev.chair.user, result=result, override_reason="Đã thảo luận, giữ nguyên"
    )
    assert result.final and result.override_reason


def test_quorum_requires_the_share_of_members_and_the_chair(ev, spirit):
    enrolment = enrol(ev, spirit)
    # only secretary and member submit: 2 of 3 < 0.75 and no chair
    for member in ev.members:
        services.member_assign(actor=ev.manager, enrolment=enrolment, member=member)
    for member in ev.members[1:]:
        sheet = member.assignments.get(enrolment=enrolment).sheet
        services.sheet_submit(
            actor=member.user, sheet=sheet, answers=ef.answers_with_total(80), version=sheet.version
        )
    result = services.result_compute(actor=ev.manager, enrolment=enrolment)
    assert not result.quorum_met
    with pytest.raises(DomainError, match="Quorum"):
        services.result_finalise(actor=ev.chair.user, result=result)


@pytest.mark.parametrize(("mode", "reached"), [("mean", False), ("majority", True), ("all", False)])
def test_minimum_aggregation_modes(ev, spirit, mode, reached):
    enrolment = enrol(ev, spirit)
    sheets = []
    for member in ev.members:
        sheets.append(
            services.member_assign(actor=ev.manager, enrolment=enrolment, member=member).sheet
        )
    # criterion 5.3 carries a 3-star minimum; two members reach it, one does not
    crit = ef.sheet14().criterion("5.3")
    floor = min(m.required_points for m in crit.minimums())
    below = max(p for p in crit.option_points if p < floor)
    base = ef.answers_with_total(80)
    for i, (member, sheet) in enumerate(zip(ev.members, sheets, strict=True)):
        answers = dict(base)
        answers["5.3"] = str(below if i == 0 else floor)
        services.sheet_submit(
            actor=member.user, sheet=sheet, answers=answers, version=sheet.version
        )
    with override_settings(OCOP_RULES={**RULES, "MINIMUM_AGGREGATION": mode}):
        result = services.result_compute(actor=ev.manager, enrolment=enrolment)
    missed = {m["criterion"] for m in result.missed_minimums}
    assert ("5.3" not in missed) is reached
    assert result.rules["MINIMUM_AGGREGATION"] == mode


def test_central_round_takes_only_products_of_ninety_points_or_more(ev, spirit, units, personas):
    enrolment = enrol(ev, spirit)
    ef.score_all(ev, enrolment, [85, 85, 85])
    result = services.result_compute(actor=ev.manager, enrolment=enrolment)
    services.result_finalise(actor=ev.chair.user, result=result)
    central = services.round_create(
        actor=personas.central,
        level=RoundLevel.CENTRAL,
        year=2026,
        number=2,
        criteria_set=ef.criteria_2026(),
    )
    with pytest.raises(DomainError, match="90"):
        services.enrolment_add(actor=personas.central, round_=central, dossier=enrolment.dossier)

    top = f.ProductFactory(producer=spirit.producer, product_set=spirit.product_set)
    top_enrolment = enrol(ev, top)
    ef.score_all(ev, top_enrolment, [92, 92, 92])
    result = services.result_compute(actor=ev.manager, enrolment=top_enrolment)
    services.result_finalise(actor=ev.chair.user, result=result)
    central_enrolment = services.enrolment_add(
        actor=personas.central, round_=central, dossier=top_enrolment.dossier
    )
    assert central_enrolment.source_enrolment == top_enrolment
    top_enrolment.refresh_from_db()
    assert top_enrolment.status == EnrolmentStatus.FORWARDED


def test_dossier_filed_under_a_set_without_sheets_is_refused_naming_the_set(ev, spirit):
    from ocop.criteria.models import CriteriaSet

    CriteriaSet.objects.get_or_create(
        code="QD-148-2023-TTg",
        defaults={
            "title_vi": "148",
            "issued_on": datetime.date(2023, 2, 24),
            "effective_from": datetime.date(2023, 2, 24),
            "effective_to": datetime.date(2026, 7, 20),
        },
    )
    round_ = services.round_create(
        actor=ev.manager,
        level="province",
        year=2026,
        number=1,
        unit=ev.round.unit,
        criteria_set=ef.criteria_2026(),
        decision_deadline=datetime.date(2026, 6, 30),
    )
    dossier = ef.dossier_for(spirit, filed=datetime.date(2026, 4, 10))
    with pytest.raises(DomainError, match="QD-148-2023-TTg"):
        services.enrolment_add(actor=ev.manager, round_=round_, dossier=dossier)


def test_sheet_cannot_be_reopened_after_a_certificate(ev, spirit, units):
    from ocop.certificates.services import decision_issue

    enrolment = enrol(ev, spirit)
    sheets = ef.score_all(ev, enrolment, [80, 80, 80])
    result = services.result_finalise(
        actor=ev.chair.user, result=services.result_compute(actor=ev.manager, enrolment=enrolment)
    )
    decision_issue(
        actor=ev.manager,
        number="1",
        date=datetime.date(2026, 12, 1),
        signer="A",
        level="province",
        unit=units.phu_tho,
        results=[result],
    )
    with pytest.raises(DomainError, match="certificate was issued"):
        services.sheet_reopen(actor=ev.chair.user, sheet=sheets[0], reason="late")


def test_a_product_not_recognised_goes_back_to_draft_and_its_dossier_closes(ev, spirit):
    enrolment = enrol(ev, spirit)
    sheets = ef.score_all(ev, enrolment, [40, 40, 40])
    result = services.result_finalise(
        actor=ev.chair.user, result=services.result_compute(actor=ev.manager, enrolment=enrolment)
    )
    assert result.stars == 2
    enrolment.refresh_from_db()
    enrolment.dossier.refresh_from_db()
    spirit.refresh_from_db()
    assert enrolment.status == EnrolmentStatus.NOT_PROPOSED
    assert enrolment.dossier.status == DossierStatus.CLOSED
    assert spirit.status == ProductStatus.DRAFT
    with pytest.raises(DomainError, match="not recognised"):
        services.sheet_reopen(actor=ev.chair.user, sheet=sheets[0], reason="late")
