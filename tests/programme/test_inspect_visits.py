"""Inspections after recognition: plans, selection by rule, lifecycle, scope and outcomes."""

import datetime

import pytest
from django.test import Client
from django.urls import reverse

from ocop.accounts.models import Role
from ocop.certificates.models import RevocationGround
from ocop.certificates.status import CertificateStatus, status_on
from ocop.core.exceptions import DomainError, PermissionDeniedError, TransitionError
from ocop.core.models import AuditEvent
from ocop.programme.models import ActionStatus, CheckResult, VisitOutcome, VisitReason, VisitStatus
from ocop.programme.selectors import inspections as sel
from ocop.programme.services import inspections as services
from tests import factories as f
from tests.programme.inspect_world import recognised_certificate

DAY = datetime.date(2026, 5, 4)


@pytest.fixture
def setup(units, personas, producer, product_set):
    product = f.ProductFactory(producer=producer, product_set=product_set)
    certificate = recognised_certificate(units, product)
    plan = services.inspection_plan_create(
        actor=personas.province, province=units.phu_tho, year=2026, title="Hậu kiểm 2026"
    )
    return plan, product, certificate


def _visit(personas, plan, product, inspectors=None):
    return services.inspection_visit_add(
        actor=personas.province,
        plan=plan,
        product=product,
        planned_on=DAY,
        inspectors=inspectors or [personas.department],
    )


def test_second_year_rule_selects_certificates_issued_one_to_two_years_before(
    units, personas, producer, product_set, setup
):
    plan, product, _certificate = setup
    younger = f.ProductFactory(producer=producer, product_set=product_set)
    recognised_certificate(units, younger, issued_on=datetime.date(2025, 6, 1))
    on = datetime.date(2026, 3, 10)  # first certificate: exactly one year old, in its 2nd year
    visits = services.inspection_visits_select(
        actor=personas.province,
        plan=plan,
        rule=VisitReason.SECOND_YEAR,
        day=on,
        planned_on=DAY,
        inspectors=[personas.department],
    )
    assert [v.product for v in visits] == [product]
    assert visits[0].reason == VisitReason.SECOND_YEAR
    # run again: nothing planned twice
    again = services.inspection_visits_select(
        actor=personas.province,
        plan=plan,
        rule=VisitReason.SECOND_YEAR,
        day=on,
        planned_on=DAY,
        inspectors=[personas.department],
    )
    assert again == []
    assert sel.certificates_in_second_year(units.phu_tho, datetime.date(2026, 3, 9)).count() == 0


def test_only_the_provincial_office_plans_and_inspectors_must_be_of_the_province(
    units, personas, setup
):
    plan, product, _ = setup
    with pytest.raises(PermissionDeniedError):
        services.inspection_plan_create(
            actor=personas.department, province=units.phu_tho, year=2026, title="x"
        )
    outsider = f.UserFactory(username="hn-officer")
    f.grant(outsider, Role.PROVINCE_OFFICE, unit=units.hanoi)
    with pytest.raises(PermissionDeniedError):
        services.inspection_visit_add(
            actor=outsider, plan=plan, product=product, planned_on=DAY, inspectors=[outsider]
        )
    with pytest.raises(DomainError) as refused:
        _visit(personas, plan, product, inspectors=[outsider])
    assert refused.value.field == "inspectors"


def test_a_product_of_another_province_is_refused(personas, foreign_producer, product_set, setup):
    plan, _product, _ = setup
    foreign = f.ProductFactory(producer=foreign_producer, product_set=product_set)
    with pytest.raises(DomainError) as refused:
        _visit(personas, plan, foreign)
    assert refused.value.field == "product"


def test_visit_lifecycle_checklist_finding_and_corrective_action(personas, setup):
    plan, product, _ = setup
    visit = _visit(personas, plan, product)
    inspector = personas.department
    assert visit.checklist.count() == 7
    with pytest.raises(DomainError):  # not started yet
        services.inspection_finding_add(actor=inspector, visit=visit, text="x")
    services.inspection_visit_start(actor=inspector, visit=visit, visited_on=DAY)
    with pytest.raises(DomainError):  # a failed item needs a note
        services.inspection_checklist_record(
            actor=inspector, visit=visit, entries={"labels": (CheckResult.FAIL, "")}
        )
    services.inspection_checklist_record(
        actor=inspector,
        visit=visit,
        entries={"labels": (CheckResult.FAIL, "Nhãn in 4 sao"), "raw_materials": ("pass", "")},
    )
    assert visit.checklist.get(item="labels").result == CheckResult.FAIL
    services.inspection_finding_add(actor=inspector, visit=visit, text="Nhãn ghi sai số sao")
    visit.refresh_from_db()
    assert visit.status == VisitStatus.FINDINGS_RECORDED
    action = services.corrective_action_add(
        actor=inspector, visit=visit, description="In lại nhãn", deadline=DAY
    )
    assert action.is_overdue(DAY + datetime.timedelta(days=1))
    assert not action.is_overdue(DAY)
    with pytest.raises(TransitionError):
        services.corrective_action_move(actor=inspector, action=action, status="verified")
    services.corrective_action_move(
        actor=inspector, action=action, status="done", follow_up="Đã in"
    )
    services.corrective_action_move(actor=inspector, action=action, status="verified")
    action.refresh_from_db()
    assert action.status == ActionStatus.VERIFIED and "Đã in" in action.follow_up
    services.inspection_visit_close(
        actor=inspector, visit=visit, outcome=VisitOutcome.CORRECTIVE, note="Khắc phục xong"
    )
    visit.refresh_from_db()
    assert visit.status == VisitStatus.CLOSED and visit.outcome == VisitOutcome.CORRECTIVE
    with pytest.raises(TransitionError):
        services.inspection_visit_start(actor=inspector, visit=visit)
    assert AuditEvent.objects.filter(action="programme.inspection_visit.closed").exists()


def test_an_inspector_not_assigned_cannot_see_or_act(personas, units, setup):
    plan, product, _ = setup
    visit = _visit(personas, plan, product)
    other = f.UserFactory(username="other-inspector")
    f.grant(other, Role.COMMUNE_OFFICER, unit=units.phu_lai)
    assert not sel.visits_visible_to(other).filter(pk=visit.pk).exists()
    assert sel.visits_visible_to(personas.department).filter(pk=visit.pk).exists()
    assert sel.visits_visible_to(personas.province).filter(pk=visit.pk).exists()
    with pytest.raises(PermissionDeniedError):
        services.inspection_visit_start(actor=other, visit=visit)
    client = Client()
    client.force_login(other)
    url = reverse("programme:inspection_visit", kwargs={"code": visit.public_code})
    assert client.get(url).status_code == 404
    start = reverse("programme:inspection_start", kwargs={"code": visit.public_code})
    assert client.post(start).status_code == 404
    visit.refresh_from_db()
    assert visit.status == VisitStatus.PLANNED


def test_outcome_revocation_goes_through_the_certificates_service(personas, setup):
    plan, product, certificate = setup
    visit = _visit(personas, plan, product, inspectors=[personas.province])
    services.inspection_visit_start(actor=personas.province, visit=visit)
    services.inspection_finding_add(actor=personas.province, visit=visit, text="Ngừng sản xuất")
    # the sector department may not revoke: the certificates service refuses, the visit stays open
    visit.inspectors.add(personas.department)
    with pytest.raises(PermissionDeniedError):
        services.inspection_visit_close(
            actor=personas.department,
            visit=visit,
            outcome=VisitOutcome.REVOCATION,
            ground=RevocationGround.PRODUCTION_STOPPED,
            authority="UBND tỉnh Phú Thọ",
            decision_no="15/QĐ-UBND",
        )
    with pytest.raises(DomainError) as refused:
        services.inspection_visit_close(
            actor=personas.province, visit=visit, outcome=VisitOutcome.REVOCATION,
            ground="", authority="UBND tỉnh", decision_no="15/QĐ-UBND",
        )  # fmt: skip
    assert refused.value.field == "ground"
    services.inspection_visit_close(
        actor=personas.province,
        visit=visit,
        outcome=VisitOutcome.REVOCATION,
        ground=RevocationGround.PRODUCTION_STOPPED,
        authority="UBND tỉnh Phú Thọ",
        decision_no="15/QĐ-UBND",
    )
    certificate.refresh_from_db()
    assert status_on(certificate, datetime.date.today()) == CertificateStatus.REVOKED
    assert certificate.revocation_ground == RevocationGround.PRODUCTION_STOPPED
    visit.refresh_from_db()
    assert visit.status == VisitStatus.CLOSED and visit.outcome == VisitOutcome.REVOCATION


def test_outcome_reevaluation_outside_the_window_is_refused_and_the_visit_stays_open(
    personas, setup
):
    plan, product, _ = setup
    visit = _visit(personas, plan, product, inspectors=[personas.province])
    services.inspection_visit_start(actor=personas.province, visit=visit)
    with pytest.raises(DomainError):
        services.inspection_visit_close(
            actor=personas.province, visit=visit, outcome=VisitOutcome.REEVALUATION
        )
    visit.refresh_from_db()
    assert visit.status == VisitStatus.IN_PROGRESS
