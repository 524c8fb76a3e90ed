"""Typing days into every page that takes one, in headless Chromium: dd/mm/yyyy is read day
first (10/12/2026 is 10 December 2026), what is saved is that day, and the calendar writes
the same form. Every form field with a day is listed in tests/core/test_days.py (DAY_FIELDS);
each has a case here (COVERED)."""

import base64
import datetime

import pytest
from cryptography.hazmat.primitives import serialization
from cryptography.hazmat.primitives.asymmetric.ed25519 import Ed25519PrivateKey
from django.urls import reverse

from ocop.certificates.forms import DecisionDayForm
from ocop.certificates.models import RecognitionDecision
from ocop.evaluation.forms import RoundForm
from ocop.evaluation.models import Round
from ocop.geo.forms import UnitSearchForm
from ocop.outreach.forms import FairForm
from ocop.outreach.models import Fair
from ocop.programme.forms.followup import AllocationForm, SessionForm
from ocop.programme.models import (
    CorrectiveAction,
    InspectionVisit,
    Milestone,
    Plan,
    SupportAllocation,
    TrainingSession,
    VisitReason,
    VisitStatus,
)
from ocop.programme.services import inspections
from ocop.programme.services.support import source_create
from ocop.programme.views.inspect_forms import ActionForm, SelectForm, VisitForm, VisitStartForm
from ocop.programme.views.plans_forms import MilestoneForm, PlanCreateForm, PlanForm
from ocop.registry.forms import DocumentForm
from ocop.registry.models import Document
from tests import factories as f
from tests.certificates.test_services import finalised
from tests.core.test_days import DAY_FIELDS
from tests.evaluation import factories as ef
from tests.programme.inspect_world import recognised_certificate
from tests.programme.plans_helpers import make_plan

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]

DEC_10 = datetime.date(2026, 12, 10)

COVERED = {
    (RoundForm, "opens_on"): "test_round_form",
    (RoundForm, "intake_deadline"): "test_round_form",
    (RoundForm, "decision_deadline"): "test_round_form",
    (UnitSearchForm, "on"): "test_unit_browser",
    (DocumentForm, "issued_on"): "test_document_upload",
    (DocumentForm, "expires_on"): "test_document_upload",
    (DecisionDayForm, "date"): "test_recognition_decision",
    (SessionForm, "starts_on"): "test_training_session",
    (SessionForm, "ends_on"): "test_training_session",
    (AllocationForm, "starts_on"): "test_support_allocation",
    (AllocationForm, "ends_on"): "test_support_allocation",
    (PlanCreateForm, "issued_on"): "test_plan_create",
    (PlanCreateForm, "deadline"): "test_plan_create",
    (PlanForm, "issued_on"): "test_plan_edit",
    (PlanForm, "deadline"): "test_plan_edit",
    (MilestoneForm, "deadline"): "test_plan_milestone",
    (SelectForm, "day"): "test_inspection_select",
    (SelectForm, "planned_on"): "test_inspection_select",
    (VisitForm, "planned_on"): "test_inspection_visit_add",
    (VisitStartForm, "visited_on"): "test_inspection_visit_start",
    (ActionForm, "deadline"): "test_corrective_action",
    (FairForm, "starts_on"): "test_fair_create",
    (FairForm, "ends_on"): "test_fair_create",
}


def test_every_day_field_has_a_browser_case():
    assert set(COVERED) == set(DAY_FIELDS)


def _type(page, selector: str, text: str) -> None:
    box = page.locator(selector)
    box.fill("")
    box.press_sequentially(text, delay=5)


def _submit(
    w, button: str = "main form button[type=submit], form.form button[type=submit]"
) -> None:
    with w.page.expect_navigation():
        w.page.locator(button).last.click()


def _pick(page, selector: str, month_day: str, day: str) -> None:
    """Open the calendar on the month of ``month_day`` (typed first) and choose ``day``."""
    _type(page, selector, month_day)
    page.locator(f"{selector} + .day-open").click()
    page.get_by_role("button", name=day).click()
    assert page.input_value(selector) == day


def test_round_form(watched, units, personas):
    ef.criteria_2026()
    w = watched(user=personas.province)
    w.page.goto(reverse("evaluation:round_create"))
    w.page.select_option("#id_level", "province")
    w.page.select_option("#id_unit", str(units.phu_tho.pk))
    _type(w.page, "#id_year", "2026")
    _type(w.page, "#id_number", "2")
    _type(w.page, "#id_opens_on", "02/11/2026")
    _type(w.page, "#id_intake_deadline", "10/12/2026")
    # the calendar: open it on the typed month and pick the 30th
    _type(w.page, "#id_decision_deadline", "01/12/2026")
    w.page.locator("#id_decision_deadline + .day-open").click()
    w.page.get_by_role("button", name="30/12/2026").click()
    assert w.page.input_value("#id_decision_deadline") == "30/12/2026"
    _submit(w)
    saved = Round.objects.get(unit=units.phu_tho, year=2026, number=2)
    assert saved.opens_on == datetime.date(2026, 11, 2)
    assert saved.intake_deadline == DEC_10
    assert saved.decision_deadline == datetime.date(2026, 12, 30)
    assert not w.problems, "\n".join(w.problems)


def test_unit_browser(watched, units):
    w = watched()
    w.page.goto(reverse("geo:browse"))
    _type(w.page, "#id_on", "10/12/2026")
    w.page.locator("#id_on").press("Enter")
    w.page.wait_for_url("**on=10%2F12%2F2026**")
    assert w.page.locator(".hint", has_text="10/12/2026").count() >= 1
    assert w.page.input_value("#id_on") == "10/12/2026"
    assert not w.problems, "\n".join(w.problems)


def test_document_upload(watched, personas, producer):
    w = watched(user=personas.producer)
    w.page.goto(reverse("registry:document_upload", args=[producer.public_code]))
    w.page.select_option("#id_doc_type", index=1)
    _type(w.page, "#id_title", "Giấy chứng nhận an toàn thực phẩm")
    _type(w.page, "#id_issued_on", "10/12/2026")
    _type(w.page, "#id_expires_on", "09/12/2029")
    w.page.set_input_files(
        "#id_file",
        {"name": "attp.pdf", "mimeType": "application/pdf", "buffer": b"%PDF-1.4 ho so"},
    )
    _submit(w)
    saved = Document.objects.get(producer=producer)
    assert saved.issued_on == DEC_10 and saved.expires_on == datetime.date(2029, 12, 9)
    assert "10/12/2026" in w.page.content()
    assert not w.problems, "\n".join(w.problems)


def test_recognition_decision(watched, units, personas, producer, monkeypatch):
    key = Ed25519PrivateKey.generate().private_bytes(
        serialization.Encoding.Raw, serialization.PrivateFormat.Raw, serialization.NoEncryption()
    )
    monkeypatch.setenv("OCOP_SIGNING_KEY", base64.b64encode(key).decode())
    ev = ef.build_round(units, personas)
    spirit = f.ProductFactory(producer=producer, product_set=ef.set14(), name="Rượu Thử Ngày")
    result = finalised(ev, spirit, [80, 80, 80])
    w = watched(user=ev.manager)
    w.page.on("dialog", lambda dialog: dialog.accept())  # issuing asks for confirmation
    w.page.goto(reverse("certificates:decision_create"))
    w.page.check(f"input[name=results][value='{result.pk}']")
    _type(w.page, "#number", "45/QĐ-UBND")
    # a month-first day is refused, never swapped
    _type(w.page, "#id_date", "12/31/2026")
    _type(w.page, "#signer", "Nguyễn Văn B")
    w.page.select_option("#level", "province")
    w.page.select_option("#unit", str(units.phu_tho.pk))
    w.page.check("input[name=confirm]")
    _submit(w)
    assert "nhập ngày theo dạng dd/mm/yyyy" in w.page.content()
    assert not RecognitionDecision.objects.exists()
    w.page.check(f"input[name=results][value='{result.pk}']")
    _type(w.page, "#id_date", "10/12/2026")
    w.page.select_option("#unit", str(units.phu_tho.pk))
    w.page.check("input[name=confirm]")
    _submit(w)
    assert RecognitionDecision.objects.get().decided_on == DEC_10
    assert "10/12/2026" in w.page.content()
    assert not w.problems, "\n".join(w.problems)


def test_statistics_filter(watched, units):
    """Not a form class: the statistics page reads its ``ngay`` filter the same way."""
    w = watched()
    w.page.goto(reverse("reports:index"))
    _type(w.page, "input[name=ngay]", "10/12/2026")
    with w.page.expect_navigation():
        w.page.locator("form.search button[type=submit]").click()
    assert "ngay=10%2F12%2F2026" in w.page.url
    assert w.page.input_value("input[name=ngay]") == "10/12/2026"
    assert not w.problems, "\n".join(w.problems)


def test_training_session(watched, units, personas):
    w = watched(user=personas.province)
    w.page.goto(reverse("programme:training_create"))
    _type(w.page, "#id_topic", "Tập huấn truy xuất nguồn gốc")
    w.page.select_option("#id_organiser", str(units.new_commune.pk))
    _type(w.page, "#id_starts_on", "10/12/2026")
    _type(w.page, "#id_ends_on", "11/12/2026")
    _type(w.page, "#id_place", "Nhà văn hóa xã")
    _type(w.page, "#id_trainers", "Chuyên gia")
    _submit(w)
    saved = TrainingSession.objects.get()
    assert (saved.starts_on, saved.ends_on) == (DEC_10, datetime.date(2026, 12, 11))
    assert "10/12/2026" in w.page.content()
    assert not w.problems, "\n".join(w.problems)


def test_support_allocation(watched, units, personas, producer):
    source = source_create(
        actor=personas.province,
        kind="provincial",
        name="Ngân sách tỉnh",
        year=2026,
        amount=100_000_000,
        unit=units.phu_tho,
    )
    w = watched(user=personas.province)
    w.page.goto(reverse("programme:allocation_create"))
    w.page.select_option("#id_source", str(source.pk))
    w.page.select_option("#id_producer", str(producer.pk))
    _type(w.page, "#id_amount", "20000000")
    _type(w.page, "#id_purpose", "Thiết kế bao bì")
    _type(w.page, "#id_starts_on", "10/12/2026")
    _type(w.page, "#id_ends_on", "31/12/2026")
    _submit(w)
    saved = SupportAllocation.objects.get()
    assert (saved.starts_on, saved.ends_on) == (DEC_10, datetime.date(2026, 12, 31))
    assert "20.000.000 đ" in w.page.content()
    assert not w.problems, "\n".join(w.problems)


def test_plan_create(watched, units, personas):
    w = watched(user=personas.province)
    w.page.goto(reverse("programme:plan_create"))
    w.page.select_option("#id_province", str(units.phu_tho.pk))
    _type(w.page, "#id_year", "2026")
    _type(w.page, "#id_number", "12/KH-UBND")
    _type(w.page, "#id_issued_on", "10/12/2026")
    _type(w.page, "#id_issuing_body", "Ủy ban nhân dân tỉnh")
    _type(w.page, "#id_title", "Kế hoạch thực hiện Chương trình OCOP năm 2026")
    _pick(w.page, "#id_deadline", "01/12/2026", "30/12/2026")
    _submit(w, "main form.form button")
    saved = Plan.objects.get(number="12/KH-UBND")
    assert (saved.issued_on, saved.deadline) == (DEC_10, datetime.date(2026, 12, 30))
    assert "10/12/2026" in w.page.content()
    assert not w.problems, "\n".join(w.problems)


def test_plan_edit(watched, units, personas):
    plan = make_plan(units.phu_tho)
    w = watched(user=personas.province)
    w.page.goto(reverse("programme:plan_edit", args=[plan.public_code]))
    assert w.page.input_value("#id_issued_on") == "15/01/2026"
    assert w.page.input_value("#id_deadline") == "31/12/2026"
    _pick(w.page, "#id_issued_on", "01/02/2026", "03/02/2026")
    _type(w.page, "#id_deadline", "10/12/2026")
    _submit(w, "main form.form button")
    plan.refresh_from_db()
    assert (plan.issued_on, plan.deadline) == (datetime.date(2026, 2, 3), DEC_10)
    assert not w.problems, "\n".join(w.problems)


def test_plan_milestone(watched, units, personas):
    plan = make_plan(units.phu_tho)
    w = watched(user=personas.province)
    w.page.goto(reverse("programme:plan_detail", args=[plan.public_code]))
    w.page.select_option("#id_kind", "commune_review")
    _type(w.page, "#id_title", "Hội đồng cấp xã chấm xong")
    # a month-first day is refused, never swapped
    _type(w.page, "#id_deadline", "12/31/2026")
    _submit(w, "main form[action$='/moc/'] button")
    assert "nhập ngày theo dạng dd/mm/yyyy" in w.page.content()
    assert not Milestone.objects.exists()
    w.page.select_option("#id_kind", "commune_review")
    _pick(w.page, "#id_deadline", "01/12/2026", "10/12/2026")
    _submit(w, "main form[action$='/moc/'] button")
    assert Milestone.objects.get(plan=plan).deadline == DEC_10
    assert "10/12/2026" in w.page.content()
    assert not w.problems, "\n".join(w.problems)


def _inspection_plan(units, personas, producer, product_set):
    product = f.ProductFactory(producer=producer, product_set=product_set, name="Chè Thử Ngày")
    recognised_certificate(units, product)  # issued 10/03/2025: in its second year on 10/12/2026
    plan = inspections.inspection_plan_create(
        actor=personas.province, province=units.phu_tho, year=2026, title="Hậu kiểm năm 2026"
    )
    return plan, product


def test_inspection_select(watched, units, personas, producer, product_set):
    plan, product = _inspection_plan(units, personas, producer, product_set)
    w = watched(user=personas.province)
    w.page.goto(reverse("programme:inspection_plan", args=[plan.public_code]))
    w.page.select_option("#id_rule", VisitReason.SECOND_YEAR)
    _type(w.page, "#id_day", "10/12/2026")
    _pick(w.page, "#id_planned_on", "01/01/2027", "05/01/2027")
    w.page.check(f"input[name=inspectors][value='{personas.department.pk}']")
    _submit(w, "main form[action$='/chon/'] button")
    visit = InspectionVisit.objects.get(plan=plan)
    assert (visit.product, visit.planned_on) == (product, datetime.date(2027, 1, 5))
    assert "05/01/2027" in w.page.content()
    assert not w.problems, "\n".join(w.problems)


def test_inspection_visit_add(watched, units, personas, producer, product_set):
    plan, product = _inspection_plan(units, personas, producer, product_set)
    w = watched(user=personas.province)
    w.page.goto(reverse("programme:inspection_visit_add", args=[plan.public_code]))
    w.page.select_option("#id_product", str(product.pk))
    _pick(w.page, "#id_planned_on", "01/12/2026", "10/12/2026")
    w.page.check(f"input[name=inspectors][value='{personas.department.pk}']")
    _submit(w)
    assert InspectionVisit.objects.get(plan=plan).planned_on == DEC_10
    assert "10/12/2026" in w.page.content()
    assert not w.problems, "\n".join(w.problems)


def _visit(units, personas, producer, product_set):
    plan, product = _inspection_plan(units, personas, producer, product_set)
    return inspections.inspection_visit_add(
        actor=personas.province,
        plan=plan,
        product=product,
        planned_on=DEC_10,
        inspectors=[personas.department],
    )


def test_inspection_visit_start(watched, units, personas, producer, product_set):
    visit = _visit(units, personas, producer, product_set)
    w = watched(user=personas.department)  # the inspector
    w.page.goto(reverse("programme:inspection_visit", args=[visit.public_code]))
    _pick(w.page, "#id_visited_on", "01/12/2026", "11/12/2026")
    _submit(w, "main form[action$='/bat-dau/'] button")
    visit.refresh_from_db()
    assert visit.status == VisitStatus.IN_PROGRESS
    assert visit.visited_on == datetime.date(2026, 12, 11)
    assert "11/12/2026" in w.page.content()
    assert not w.problems, "\n".join(w.problems)


def test_corrective_action(watched, units, personas, producer, product_set):
    visit = _visit(units, personas, producer, product_set)
    inspector = personas.department
    inspections.inspection_visit_start(actor=inspector, visit=visit, visited_on=DEC_10)
    inspections.inspection_finding_add(actor=inspector, visit=visit, text="Nhãn thiếu hạn dùng")
    w = watched(user=inspector)
    w.page.goto(reverse("programme:inspection_visit", args=[visit.public_code]))
    _type(w.page, "#id_description", "Bổ sung hạn sử dụng trên nhãn")
    _pick(w.page, "#id_deadline", "01/01/2027", "15/01/2027")
    _submit(w, "main form[action$='/khac-phuc/'] button")
    assert CorrectiveAction.objects.get(visit=visit).deadline == datetime.date(2027, 1, 15)
    assert "15/01/2027" in w.page.content()
    assert not w.problems, "\n".join(w.problems)


def test_fair_create(watched, units, personas):
    w = watched(user=personas.province)
    w.page.goto(reverse("outreach:fair_create"))
    w.page.select_option("#id_office", str(units.phu_tho.pk))
    _type(w.page, "#id_name", "Hội chợ OCOP mùa đông")
    _type(w.page, "#id_organiser", "Sở Công Thương")
    w.page.select_option("#id_level", "provincial")
    _type(w.page, "#id_starts_on", "10/12/2026")
    _pick(w.page, "#id_ends_on", "10/12/2026", "14/12/2026")
    _type(w.page, "#id_place", "Quảng trường Hùng Vương")
    _submit(w)
    saved = Fair.objects.get(name="Hội chợ OCOP mùa đông")
    assert (saved.starts_on, saved.ends_on) == (DEC_10, datetime.date(2026, 12, 14))
    assert "10/12/2026" in w.page.content()
    assert not w.problems, "\n".join(w.problems)
