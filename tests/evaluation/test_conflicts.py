"""A conflict of interest declared after assignment withdraws the member from the product."""

from decimal import Decimal

import pytest
from django.test import override_settings
from django.urls import reverse

from ocop.core.exceptions import DomainError, TransitionError
from ocop.core.models import AuditEvent
from ocop.evaluation import services
from ocop.evaluation.models import Result, ScoreSheet
from tests.evaluation import factories as ef
from tests.evaluation.test_services import RULES, enrol


def assigned_sheet(ev, enrolment, member) -> ScoreSheet:
    return services.member_assign(actor=ev.manager, enrolment=enrolment, member=member).sheet


def submit(member, sheet, total=80):
    return services.sheet_submit(
        actor=member.user, sheet=sheet, answers=ef.answers_with_total(total), version=sheet.version
    )


def test_member_who_declares_a_conflict_after_assignment_cannot_submit(ev, spirit):
    enrolment = enrol(ev, spirit)
    member = ev.members[2]
    sheet = assigned_sheet(ev, enrolment, member)
    services.conflict_declare(actor=member.user, member=member, producer=spirit.producer)
    with pytest.raises(TransitionError, match="withdrawn"):
        submit(member, sheet)
    with pytest.raises(TransitionError, match="withdrawn"):
        services.sheet_save_draft(actor=member.user, sheet=sheet, answers={}, version=sheet.version)
    sheet.refresh_from_db()
    assert sheet.total is None
    assert not sheet.answers


@override_settings(OCOP_RULES=RULES)
def test_a_submitted_sheet_stops_counting_once_its_member_declares_a_conflict(ev, spirit):
    enrolment = enrol(ev, spirit)
    ef.score_all(ev, enrolment, [80, 80, 72])
    before = services.result_compute(actor=ev.manager, enrolment=enrolment)
    assert before.total == Decimal("77.33") and before.member_count == 3
    member = ev.members[2]
    services.conflict_declare(actor=member.user, member=member, producer=spirit.producer)
    stored = Result.objects.get(enrolment=enrolment)
    assert stored.total == Decimal("80.00") and stored.member_count == 2
    again = services.result_compute(actor=ev.manager, enrolment=enrolment)
    assert again.total == Decimal("80.00")
    assert str(member.pk) not in again.rules["totals"]


@override_settings(OCOP_RULES=RULES)
def test_quorum_is_recomputed_when_a_member_withdraws(ev, spirit):
    enrolment = enrol(ev, spirit)
    chair, secretary, member = ev.members
    for seat in (chair, secretary):
        submit(seat, assigned_sheet(ev, enrolment, seat))
    assigned_sheet(ev, enrolment, member)  # still a draft
    result = services.result_compute(actor=ev.manager, enrolment=enrolment)
    assert not result.quorum_met  # 2 of 3 members
    services.conflict_declare(actor=ev.manager, member=member, producer=spirit.producer)
    result.refresh_from_db()
    assert result.quorum_met
    assert result.rules["eligible_members"] == 2 and result.rules["submitted_members"] == 2


def test_declaration_and_withdrawal_are_both_audited(ev, spirit):
    enrolment = enrol(ev, spirit)
    member = ev.members[2]
    sheet = assigned_sheet(ev, enrolment, member)
    services.conflict_declare(actor=member.user, member=member, producer=spirit.producer)
    actions = set(AuditEvent.objects.filter(actor=member.user).values_list("action", flat=True))
    assert {"evaluation.conflict.declared", "evaluation.sheet.withdrawn"} <= actions
    withdrawn = AuditEvent.objects.get(action="evaluation.sheet.withdrawn")
    assert withdrawn.object_id == str(sheet.pk)
    assert withdrawn.old == {"status": "draft"} and withdrawn.new == {"status": "withdrawn"}


@override_settings(OCOP_RULES=RULES)
def test_conflict_against_a_final_result_is_refused_until_the_chair_reopens_the_sheet(ev, spirit):
    enrolment = enrol(ev, spirit)
    ef.score_all(ev, enrolment, [80, 80, 80])
    result = services.result_compute(actor=ev.manager, enrolment=enrolment)
    services.result_finalise(actor=ev.chair.user, result=result)
    member = ev.members[2]
    with pytest.raises(DomainError, match="final result"):
        services.conflict_declare(actor=member.user, member=member, producer=spirit.producer)
    assert not member.conflicts.exists()
    sheet = member.assignments.get(enrolment=enrolment).sheet
    services.sheet_reopen(actor=ev.chair.user, sheet=sheet, reason="Thành viên khai xung đột")
    services.conflict_declare(actor=member.user, member=member, producer=spirit.producer)
    result.refresh_from_db()
    assert not result.final and result.member_count == 2


def test_a_withdrawn_sheet_cannot_be_reopened(ev, spirit):
    enrolment = enrol(ev, spirit)
    member = ev.members[2]
    sheet = submit(member, assigned_sheet(ev, enrolment, member))
    services.conflict_declare(actor=member.user, member=member, producer=spirit.producer)
    with pytest.raises(TransitionError):
        services.sheet_reopen(actor=ev.chair.user, sheet=sheet, reason="thử lại")


def test_conflict_with_another_producer_leaves_the_sheet_alone(ev, spirit, other_producer):
    enrolment = enrol(ev, spirit)
    member = ev.members[2]
    sheet = assigned_sheet(ev, enrolment, member)
    services.conflict_declare(actor=member.user, member=member, producer=other_producer)
    assert submit(member, sheet).status == "submitted"


def test_sheet_page_refuses_a_withdrawn_sheet_in_vietnamese(client, ev, spirit):
    enrolment = enrol(ev, spirit)
    member = ev.members[2]
    sheet = assigned_sheet(ev, enrolment, member)
    services.conflict_declare(actor=member.user, member=member, producer=spirit.producer)
    client.force_login(member.user)
    url = reverse("evaluation:sheet", args=[enrolment.public_code])
    page = client.post(url, {"op": "submit", "version": sheet.version + 1}, follow=True)
    assert "đã bị rút" in page.content.decode()
    sheet.refresh_from_db()
    assert sheet.status == "withdrawn"
