"""Misuse reports from the public: the form, routing, images, rate limit, the case code page
and the case lifecycle."""

import io

import pytest
from django.core.cache import caches
from django.core.files.uploadedfile import SimpleUploadedFile
from django.test import Client
from django.urls import reverse
from PIL import Image

from ocop.accounts.models import Role
from ocop.core.exceptions import DomainError, PermissionDeniedError, TransitionError
from ocop.programme.models import CaseStatus, MisuseReport, VisitReason
from ocop.programme.services import inspections as inspection_services
from ocop.programme.services import misuse as services
from tests import factories as f
from tests.programme.inspect_world import recognised_certificate

URL = "/chuong-trinh/phan-anh/"


def jpeg_with_exif() -> bytes:
    image = Image.new("RGB", (40, 30), (200, 30, 30))
    exif = Image.Exif()
    exif[0x010F] = "SecretCam"  # Make
    exif[0x8825] = {2: (21.0, 1.0, 2.0)}  # GPS latitude
    out = io.BytesIO()
    image.save(out, format="JPEG", exif=exif.tobytes())
    return out.getvalue()


@pytest.fixture(autouse=True)
def _fresh_limits(db):
    caches["shared"].clear()


@pytest.fixture
def certificate(units, producer, product_set):
    product = f.ProductFactory(producer=producer, product_set=product_set)
    return recognised_certificate(units, product)


def test_a_report_from_the_verification_page_is_routed_to_the_product_and_exif_stripped(
    certificate,
):
    client = Client(enforce_csrf_checks=False)
    form = client.get(f"{URL}?ma={certificate.code}")
    assert form.status_code == 200 and certificate.code in form.content.decode()
    photo = SimpleUploadedFile("nhan.jpg", jpeg_with_exif(), content_type="image/jpeg")
    response = client.post(
        URL,
        {"kind": "over_starred", "certificate_code": certificate.code, "seller": "Chợ Phú Lai",
         "contact": "0912345678", "photo": photo},
    )  # fmt: skip
    assert response.status_code == 302
    report = MisuseReport.objects.get()
    assert report.product == certificate.product
    assert report.unit == certificate.product.origin_unit
    assert response["Location"].endswith(f"?ma={report.code}")
    stored = report.photo.open("rb").read()
    assert b"SecretCam" not in stored
    with Image.open(io.BytesIO(stored)) as image:
        assert not image.getexif()


def test_a_non_image_is_refused_with_a_field_message(units):
    client = Client()
    fake = SimpleUploadedFile("nhan.jpg", b"%PDF-1.4 not an image", content_type="image/jpeg")
    response = client.post(
        URL, {"kind": "fake", "unit": units.phu_tho.pk, "place": "Chợ", "photo": fake}
    )
    assert response.status_code == 200
    assert "photo" in response.context["form"].errors
    assert not MisuseReport.objects.exists()


def test_without_a_product_the_province_in_force_is_required(units):
    with pytest.raises(DomainError) as refused:
        services.misuse_report_submit(kind="fake", unit=units.hoa_binh, place="Chợ")
    assert refused.value.field == "unit"
    report = services.misuse_report_submit(kind="fake", unit=units.phu_tho, place="Chợ Yên Trị")
    assert report.unit == units.phu_tho and report.product is None


def test_reports_are_rate_limited_per_client_address(units, settings):
    settings.MISUSE_REPORT_LIMIT = 2
    client = Client(REMOTE_ADDR="203.0.113.9")
    data = {"kind": "fake", "unit": units.phu_tho.pk, "place": "Chợ"}
    assert [client.post(URL, data).status_code for _ in range(3)] == [302, 302, 429]
    assert MisuseReport.objects.count() == 2
    assert Client(REMOTE_ADDR="203.0.113.10").post(URL, data).status_code == 302


def test_the_case_code_page_shows_status_and_answer_but_nothing_private(units, personas):
    report = services.misuse_report_submit(
        kind="expired", unit=units.phu_tho, place="Chợ Yên Trị", contact="0987654321"
    )
    services.misuse_case_move(
        actor=personas.province, report=report, status=CaseStatus.CHECKING, note="Gọi người bán"
    )
    services.misuse_case_move(
        actor=personas.province,
        report=report,
        status=CaseStatus.DISMISSED,
        answer="Giấy chứng nhận còn hiệu lực.",
    )
    page = Client().get(reverse("programme:misuse_status"), {"ma": report.code.lower()})
    text = page.content.decode()
    assert page.status_code == 200
    assert "Giấy chứng nhận còn hiệu lực." in text
    assert "0987654321" not in text and "Gọi người bán" not in text and "Chợ Yên Trị" not in text
    assert Client().get(reverse("programme:misuse_status"), {"ma": "PA-XXXX"}).status_code == 404


def test_case_lifecycle_and_who_works_it(units, personas):
    report = services.misuse_report_submit(kind="fake", unit=units.phu_tho, place="Chợ")
    with pytest.raises(PermissionDeniedError):  # reads it, does not work it
        services.misuse_case_move(actor=personas.district, report=report, status="checking")
    hanoi = f.UserFactory(username="hn")
    f.grant(hanoi, Role.PROVINCE_OFFICE, unit=units.hanoi)
    with pytest.raises(PermissionDeniedError):
        services.misuse_case_move(actor=hanoi, report=report, status="checking")
    with pytest.raises(TransitionError):
        services.misuse_case_move(actor=personas.province, report=report, status="confirmed")
    services.misuse_case_move(actor=personas.province, report=report, status="checking")
    with pytest.raises(DomainError) as refused:  # the reporter must read an answer
        services.misuse_case_move(actor=personas.province, report=report, status="confirmed")
    assert refused.value.field == "answer"
    client = Client()
    client.force_login(hanoi)
    detail = reverse("programme:misuse_case", kwargs={"code": report.code})
    assert client.get(detail).status_code == 404
    move = reverse("programme:misuse_case_move", kwargs={"code": report.code})
    assert client.post(move, {"status": "dismissed", "answer": "x"}).status_code == 404
    report.refresh_from_db()
    assert report.status == CaseStatus.CHECKING


def test_a_confirmed_case_leads_to_a_prefilled_visit(units, personas, certificate):
    report = services.misuse_report_submit(
        kind="over_starred", certificate_code=certificate.code, seller="Cửa hàng A"
    )
    services.misuse_case_move(actor=personas.province, report=report, status="checking")
    services.misuse_case_move(
        actor=personas.province, report=report, status="confirmed", answer="Đã xác minh."
    )
    plan = inspection_services.inspection_plan_create(
        actor=personas.province, province=units.phu_tho, year=2026, title="Hậu kiểm"
    )
    client = Client()
    client.force_login(personas.province)
    url = reverse("programme:inspection_visit_add", kwargs={"code": plan.public_code})
    page = client.get(url, {"phan-anh": report.code})
    assert page.context["form"].initial["product"] == certificate.product_id
    visits = inspection_services.inspection_visits_select(
        actor=personas.province, plan=plan, rule=VisitReason.MISUSE,
        day=certificate.issued_on, planned_on=certificate.issued_on,
        inspectors=[personas.department],
    )  # fmt: skip
    assert [v.misuse_report for v in visits] == [report]
    assert visits[0].reason == VisitReason.MISUSE
