"""Notifications of the programme's events: who is told, once, and nobody else."""

import datetime

import pytest
from django.core.management import call_command

from ocop.accounts.models import Role
from ocop.notifications.models import Channel, Notification
from ocop.programme.models import PeriodKind, ResponsibleOfficer
from ocop.programme.notices import misuse_received, overdue_actions_send
from ocop.programme.services import followup, inspections
from ocop.programme.services.misuse import misuse_case_move, misuse_report_submit
from ocop.programme.services.warnings import warning_recipients
from tests import factories as f
from tests.programme.inspect_world import recognised_certificate

DAY = datetime.date(2026, 5, 4)


def _told(kind) -> list[str]:
    return sorted(
        Notification.objects.filter(kind=kind, channel=Channel.IN_APP).values_list(
            "recipient__username", flat=True
        )
    )


@pytest.fixture
def hanoi_office(units):
    user = f.UserFactory(username="hanoi-office")
    f.grant(user, Role.PROVINCE_OFFICE, unit=units.hanoi)
    return user


@pytest.fixture
def visit(units, personas, producer, product_set):
    product = f.ProductFactory(producer=producer, product_set=product_set)
    recognised_certificate(units, product)
    plan = inspections.inspection_plan_create(
        actor=personas.province, province=units.phu_tho, year=2026, title="Hậu kiểm 2026"
    )
    return inspections.inspection_visit_add(
        actor=personas.province,
        plan=plan,
        product=product,
        planned_on=DAY,
        inspectors=[personas.department],
    )


def test_a_misuse_report_tells_the_provincial_office_of_its_unit_once(
    units, personas, hanoi_office
):
    report = misuse_report_submit(kind="fake", unit=units.phu_tho, place="Chợ Yên Trị")
    assert _told("misuse_report_received") == ["p-province"]
    note = Notification.objects.get(kind="misuse_report_received", channel=Channel.IN_APP)
    assert report.code in note.subject and note.link.endswith(f"/{report.code}/")
    assert note.subject == f"Đã nhận phản ánh {report.code}"
    assert "phản ánh sử dụng sai nhãn OCOP" in note.body
    misuse_received(report)  # the same event again
    assert _told("misuse_report_received") == ["p-province"]
    # answering the case tells nobody: the reporter reads it by the case code
    before = Notification.objects.count()
    misuse_case_move(actor=personas.province, report=report, status="checking")
    assert Notification.objects.count() == before


def test_a_refused_report_tells_nobody(units, personas):
    with pytest.raises(Exception):  # noqa: B017 - the domain refusal, whichever
        misuse_report_submit(kind="fake", unit=units.phu_tho)
    assert not Notification.objects.exists()


def test_a_planned_visit_tells_its_inspectors_only(visit, personas):
    assert _told("inspection_visit_assigned") == ["p-department"]
    note = Notification.objects.get(kind="inspection_visit_assigned", channel=Channel.IN_APP)
    assert "04/05/2026" in note.body and visit.public_code in note.link


def test_an_overdue_corrective_action_tells_the_inspectors_and_the_producer_once(visit, personas):
    inspector = personas.department
    inspections.inspection_visit_start(actor=inspector, visit=visit, visited_on=DAY)
    inspections.inspection_finding_add(actor=inspector, visit=visit, text="Nhãn sai")
    action = inspections.corrective_action_add(
        actor=inspector, visit=visit, description="In lại nhãn", deadline=DAY
    )
    assert overdue_actions_send(day=DAY) == []  # due today, not overdue
    sent = overdue_actions_send(day=DAY + datetime.timedelta(days=1))
    assert sorted({row["recipient"] for row in sent}) == ["p-department", "p-producer"]
    assert _told("corrective_action_overdue") == ["p-department", "p-producer"]
    assert overdue_actions_send(day=DAY + datetime.timedelta(days=2)) == []
    # done in the meantime: nothing for a new action's neighbour either
    inspections.corrective_action_move(actor=inspector, action=action, status="done")
    Notification.objects.all().delete()
    assert overdue_actions_send(day=DAY + datetime.timedelta(days=3)) == []


def test_notify_due_sends_the_overdue_actions_too(visit, personas):
    inspector = personas.department
    inspections.inspection_visit_start(actor=inspector, visit=visit, visited_on=DAY)
    inspections.inspection_finding_add(actor=inspector, visit=visit, text="Nhãn sai")
    inspections.corrective_action_add(
        actor=inspector, visit=visit, description="In lại nhãn", deadline=DAY
    )
    call_command("notify", "due", "--on", "10/05/2026")
    assert _told("corrective_action_overdue") == ["p-department", "p-producer"]


def test_a_unit_report_tells_the_level_above_then_its_author(units, personas, hanoi_office):
    report = followup.report_create(
        actor=personas.commune,
        unit=units.phu_lai,
        year=2025,
        period_kind=PeriodKind.QUARTER,
        period=2,
    )
    assert not Notification.objects.exists()
    followup.report_submit(actor=personas.commune, report=report)
    # the district (Yên Thủy, before July 2025) and the province, not the unit itself
    assert _told("unit_report_submitted") == ["p-district", "p-province"]
    followup.report_answer(actor=personas.province, report=report, answer="Đã tiếp thu")
    assert _told("unit_report_answered") == ["p-commune"]


def test_a_province_report_tells_the_central_office(units, personas):
    report = followup.report_create(
        actor=personas.province,
        unit=units.phu_tho,
        year=2025,
        period_kind=PeriodKind.YEAR,
        period=1,
    )
    followup.report_submit(actor=personas.province, report=report)
    assert _told("unit_report_submitted") == ["p-central"]


def test_responsible_officers_receive_the_expiry_warnings(units, personas, producer, product_set):
    product = f.ProductFactory(producer=producer, product_set=product_set)
    certificate = recognised_certificate(units, product)
    day = certificate.expires_on - datetime.timedelta(days=30)
    officer = f.UserFactory(username="z-responsible")
    f.grant(officer, Role.DEPARTMENT, unit=units.phu_tho, product_sets=[1])
    past = f.UserFactory(username="z-past")
    f.grant(past, Role.DEPARTMENT, unit=units.phu_tho, product_sets=[1])
    ResponsibleOfficer.objects.create(product=product, officer=officer, started_on=DAY)
    unit_officer = f.UserFactory(username="z-unit")
    f.grant(unit_officer, Role.DEPARTMENT, unit=units.phu_tho, product_sets=[1])
    ResponsibleOfficer.objects.create(unit=units.phu_tho, officer=unit_officer, started_on=DAY)
    ResponsibleOfficer.objects.create(
        unit=units.phu_tho, officer=past, started_on=DAY, ended_on=DAY
    )
    names = [user.username for user in warning_recipients(certificate, day)]
    assert "z-responsible" in names and "z-unit" in names
    assert "z-past" not in names
    assert "p-department" not in names  # departments are not warned by place
