"""Follow-up by units: responsible officers, and the periodic unit reports (figures from the
system, lifecycle, review by the level above, .docx and .xlsx)."""

from __future__ import annotations

import datetime
import io

import docx
import openpyxl
import pytest
from django.urls import reverse

from ocop.accounts.models import Role
from ocop.certificates.models import Certificate, DecisionLevel, RecognitionDecision
from ocop.core.exceptions import DomainError, PermissionDeniedError, TransitionError
from ocop.programme.models import PeriodKind, ReportStatus, ResponsibleOfficer, UnitReport
from ocop.programme.selectors.followup import current_officer, period_days, reports_to_answer
from ocop.programme.services import followup as services
from ocop.programme.services.training import training_create
from tests import factories as f

pytestmark = pytest.mark.django_db
R = ReportStatus


@pytest.fixture
def people(units, producer):
    return f.build_personas(units, producer)


def test_period_days():
    assert period_days(2025, PeriodKind.QUARTER, 2) == (
        datetime.date(2025, 4, 1),
        datetime.date(2025, 6, 30),
    )
    assert period_days(2025, PeriodKind.HALF, 2) == (
        datetime.date(2025, 7, 1),
        datetime.date(2025, 12, 31),
    )
    assert period_days(2024, PeriodKind.YEAR, 1) == (
        datetime.date(2024, 1, 1),
        datetime.date(2024, 12, 31),
    )


def test_the_province_names_responsible_officers(units, people, product):
    first = services.officer_assign(
        actor=people.province, officer=people.commune, unit=units.new_commune
    )
    second = services.officer_assign(
        actor=people.province, officer=people.district, unit=units.new_commune
    )
    first.refresh_from_db()
    assert first.ended_on is not None and second.ended_on is None
    assert current_officer(unit=units.new_commune).officer == people.district
    services.officer_assign(actor=people.province, officer=people.commune, product=product)
    assert current_officer(product=product).officer == people.commune
    with pytest.raises(PermissionDeniedError):
        services.officer_assign(actor=people.district, officer=people.commune, unit=units.phu_lai)
    hanoi_officer = f.UserFactory(username="hanoi-commune")
    f.grant(hanoi_officer, Role.COMMUNE_OFFICER, unit=units.hanoi_commune)
    with pytest.raises(DomainError):  # an officer of another province
        services.officer_assign(
            actor=people.province, officer=hanoi_officer, unit=units.new_commune_2
        )
    with pytest.raises(DomainError):  # a producer's account is no officer
        services.officer_assign(
            actor=people.province, officer=people.producer, unit=units.new_commune_2
        )
    assert ResponsibleOfficer.objects.count() == 3


def _recognise(product, *, stars, day, expires):
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
        issued_on=day,
        expires_on=expires,
    )


@pytest.fixture
def filled(units, people, producer, product_set):
    """Phú Lai, second quarter of 2025: two products recognised (3 and 4 stars), one
    certificate that expired in the quarter, one training session."""
    a = f.ProductFactory(producer=producer, product_set=product_set)
    b = f.ProductFactory(producer=producer, product_set=product_set)
    old = f.ProductFactory(producer=producer, product_set=product_set)
    _recognise(a, stars=3, day=datetime.date(2025, 4, 10), expires=datetime.date(2028, 4, 9))
    _recognise(b, stars=4, day=datetime.date(2025, 5, 20), expires=datetime.date(2025, 9, 30))
    _recognise(old, stars=3, day=datetime.date(2022, 5, 1), expires=datetime.date(2025, 4, 30))
    training_create(
        actor=people.district,
        topic="Tập huấn",
        organiser=units.phu_lai,
        starts_on=datetime.date(2025, 6, 2),
        ends_on=datetime.date(2025, 6, 2),
        place="Xã",
    )
    return units.phu_lai


def _figures(report):
    return {row["key"]: row["value"] for row in report.figures}


def test_a_report_is_prefilled_and_moves_through_its_lifecycle(filled, people):
    report = services.report_create(
        actor=people.commune, unit=filled, year=2025, period_kind=PeriodKind.QUARTER, period=2
    )
    figures = _figures(report)
    assert figures["recognised_3"] == 1 and figures["recognised_4"] == 1
    assert figures["recognised_5"] == 0
    assert figures["expired"] == 1  # the 2022 certificate ran out on 30/04/2025
    assert figures["expiring"] == 1  # b: valid on 30/06, runs out on 30/09
    assert figures["recognised_total"] == 2
    assert figures["measure:training_sessions"] == 1
    with pytest.raises(DomainError):
        services.report_create(
            actor=people.commune, unit=filled, year=2025, period_kind=PeriodKind.QUARTER, period=2
        )
    with pytest.raises(DomainError):
        services.report_create(
            actor=people.commune, unit=filled, year=2099, period_kind=PeriodKind.YEAR, period=1
        )
    with pytest.raises(PermissionDeniedError):  # the province reviews, it does not file
        services.report_update(actor=people.province, report=report, difficulties="", proposals="")
    services.report_update(
        actor=people.commune, report=report, difficulties="Thiếu vốn", proposals="Hỗ trợ tem"
    )
    with pytest.raises(TransitionError):
        services.report_answer(actor=people.province, report=report, answer="Sớm quá")
    report = services.report_submit(actor=people.commune, report=report)
    assert report.status == R.SUBMITTED and report.submitted_at
    assert list(reports_to_answer(people.province)) == [report]
    assert list(reports_to_answer(people.district)) == [report]  # Yên Thủy, before July 2025
    assert not reports_to_answer(people.commune).exists()
    assert not reports_to_answer(people.department).exists()
    with pytest.raises(TransitionError):
        services.report_update(actor=people.commune, report=report, difficulties="", proposals="")
    with pytest.raises(PermissionDeniedError):  # a commune does not answer its own report
        services.report_answer(actor=people.commune, report=report, answer="Tự trả lời")
    with pytest.raises(DomainError):
        services.report_answer(actor=people.province, report=report, answer="  ")
    report = services.report_answer(actor=people.province, report=report, answer="Đã tiếp thu")
    assert report.status == R.ANSWERED and report.answered_by == people.province
    report = services.report_close(actor=people.commune, report=report)
    assert report.status == R.CLOSED
    with pytest.raises(TransitionError):
        services.report_close(actor=people.commune, report=report)


def test_the_exports_carry_the_figures(client, filled, people):
    report = services.report_create(
        actor=people.commune, unit=filled, year=2025, period_kind=PeriodKind.QUARTER, period=2
    )
    services.report_update(
        actor=people.commune, report=report, difficulties="=Thiếu vốn", proposals="Hỗ trợ tem"
    )
    client.force_login(people.province)
    code = {"code": report.public_code}
    response = client.get(reverse("programme:report_docx", kwargs=code))
    assert response.status_code == 200
    document = docx.Document(io.BytesIO(response.content))
    text = "\n".join(p.text for p in document.paragraphs)
    assert "BÁO CÁO" in text and "Kết quả thực hiện Chương trình OCOP" in text
    assert "Hỗ trợ tem" in text
    header = document.tables[0]
    assert header.cell(0, 1).text == "CỘNG HÒA XÃ HỘI CHỦ NGHĨA VIỆT NAM"
    rows = {r.cells[0].text: r.cells[1].text for r in document.tables[1].rows}
    assert rows["Sản phẩm được công nhận 4 sao trong kỳ"] == "1"

    response = client.get(reverse("programme:report_xlsx", kwargs=code))
    sheet = openpyxl.load_workbook(io.BytesIO(response.content)).active
    cells = {row[0]: row[1] for row in sheet.iter_rows(values_only=True) if row and row[0]}
    assert cells["Sản phẩm được công nhận 3 sao trong kỳ"] == 1
    assert cells["Khó khăn, vướng mắc"] == "'=Thiếu vốn"  # a formula made inert


def test_pages_file_submit_and_answer(client, filled, people):
    client.force_login(people.commune)
    response = client.post(
        reverse("programme:report_create"),
        {"unit": filled.pk, "year": 2025, "period_kind": "quarter", "period": 2},
    )
    assert response.status_code == 302
    report = UnitReport.objects.get()
    code = {"code": report.public_code}
    assert client.post(reverse("programme:report_submit", kwargs=code)).status_code == 302
    client.force_login(people.province)
    page = client.get(reverse("programme:report_list") + "?trang_thai=submitted")
    assert report.public_code in page.content.decode()
    client.post(reverse("programme:report_answer", kwargs=code), {"answer": "Đã nhận"})
    report.refresh_from_db()
    assert report.status == R.ANSWERED


def test_another_province_gets_404_on_reports_and_officers(client, units, people, filled):
    report = services.report_create(
        actor=people.commune, unit=filled, year=2025, period_kind=PeriodKind.YEAR, period=1
    )
    assignment = services.officer_assign(
        actor=people.province, officer=people.commune, unit=units.new_commune
    )
    hanoi = f.UserFactory(username="hanoi-office")
    f.grant(hanoi, Role.PROVINCE_OFFICE, unit=units.hanoi)
    client.force_login(hanoi)
    code = {"code": report.public_code}
    for name in ("report_detail", "report_docx", "report_xlsx"):
        assert client.get(reverse(f"programme:{name}", kwargs=code)).status_code == 404
    for name in ("report_edit", "report_submit", "report_answer", "report_close"):
        assert client.post(reverse(f"programme:{name}", kwargs=code), {}).status_code == 404
    url = reverse("programme:officer_end", kwargs={"pk": assignment.pk})
    assert client.post(url).status_code == 404
    report.refresh_from_db()
    assignment.refresh_from_db()
    assert report.status == R.DRAFT and assignment.ended_on is None
