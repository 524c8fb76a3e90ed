import datetime
import io

import pytest
from django.urls import reverse

from ocop.certificates.pdf import certificate_document, verification_url
from ocop.certificates.services import decision_issue
from ocop.core.pdf import to_bytes
from ocop.evaluation import services as ev_services
from tests import factories as f
from tests.evaluation import factories as ef


def certified(ev, units, product, number="1/QĐ-UBND"):
    enrolment = ev_services.enrolment_add(
        actor=ev.manager, round_=ev.round, dossier=ef.dossier_for(product)
    )
    ef.score_all(ev, enrolment, [80, 80, 80])
    result = ev_services.result_compute(actor=ev.manager, enrolment=enrolment)
    result = ev_services.result_finalise(actor=ev.chair.user, result=result)
    decision = decision_issue(
        actor=ev.manager,
        number=number,
        date=datetime.date(2026, 12, 20),
        signer="Trần Thị C",
        level="province",
        unit=units.phu_tho,
        results=[result],
    )
    return decision.certificates.get()


def pdf_text(data: bytes, document=None) -> str:
    """The text of a PDF: with pypdf when installed, else what the builder wrote."""
    try:
        from pypdf import PdfReader
    except ImportError:
        assert document is not None
        return "\n".join(document.texts)
    return "\n".join(page.extract_text() for page in PdfReader(io.BytesIO(data)).pages)


def test_certificate_pdf_renders_the_vietnamese_name_and_a_qr_code(ev, units, spirit, settings):
    settings.SITE_URL = "https://ocop.example.vn"
    cert = certified(ev, units, spirit)
    document = certificate_document(cert)
    data = to_bytes(document)
    assert data.startswith(b"%PDF")
    text = pdf_text(data, document)
    assert "Rượu đồ Mường Đình" in text
    assert "GIẤY CHỨNG NHẬN SẢN PHẨM OCOP" in text  # Vietnamese whatever the reader's language
    assert cert.code in text
    assert verification_url(cert.code) == f"https://ocop.example.vn/v/{cert.code}"
    assert b"/Subtype /Image" in data  # the QR code
    assert f"https://ocop.example.vn/v/{cert.code}" in "\n".join(document.texts)


def test_certificate_pdf_page_is_served_to_the_owner(client, ev, units, spirit, personas):
    cert = certified(ev, units, spirit)
    client.force_login(personas.producer)
    response = client.get(reverse("certificates:certificate_pdf", args=[cert.code]))
    assert response.status_code == 200 and response["Content-Type"] == "application/pdf"


def test_unknown_code_gets_a_friendly_404(client, db):
    response = client.get(reverse("certificates:verify", args=["OCOP-XXXX-XXXX"]))
    assert response.status_code == 404
    assert "Không có giấy chứng nhận OCOP nào mang mã" in response.content.decode()
    assert client.get(reverse("certificates:verify_json", args=["nope"])).status_code == 404


def test_verification_shows_expired_after_the_last_day(client, ev, units, spirit, monkeypatch):
    cert = certified(ev, units, spirit)
    from django.utils import timezone

    monkeypatch.setattr(timezone, "localdate", lambda *a: cert.expires_on + datetime.timedelta(1))
    assert client.get(reverse("certificates:verify_json", args=[cert.code])).json()["status"] == (
        "expired"
    )


@pytest.mark.parametrize("rows", [3, 30])
def test_certificate_and_decision_lists_cost_constant_queries(
    client, ev, units, producer, set14, personas, rows, django_assert_max_num_queries
):
    from ocop.certificates.models import Certificate, RecognitionDecision

    decision = RecognitionDecision.objects.create(
        number="5",
        decided_on=datetime.date(2026, 1, 1),
        year=2026,
        level="province",
        unit=units.phu_tho,
    )
    for i in range(rows):
        product = f.ProductFactory(producer=producer, product_set=set14)
        Certificate.objects.create(
            product=product,
            producer=producer,
            decision=decision,
            stars=3,
            issued_on=datetime.date(2026, 1, 1),
            expires_on=datetime.date(2029, 1, 1),
        )
        RecognitionDecision.objects.create(
            number=f"d{i}",
            decided_on=datetime.date(2026, 1, 2),
            year=2026,
            level="province",
            unit=units.phu_tho,
        )
    client.force_login(personas.province)
    with django_assert_max_num_queries(10):
        assert client.get(reverse("certificates:certificates")).status_code == 200
    with django_assert_max_num_queries(10):
        assert client.get(reverse("certificates:decisions")).status_code == 200
