"""A re-evaluation dossier starts from the last one: the self-assessment answers are copied,
documents still valid are attached and shown as reused, expired ones are listed to renew."""

import datetime

import pytest
from django.core.files.base import ContentFile
from django.urls import reverse
from django.utils import timezone

from ocop.certificates.reevaluation import reevaluation_start, reevaluation_window
from ocop.core.models import AuditEvent
from ocop.registry.models import Document, Dossier, DossierKind, DossierStatus
from tests import factories as f
from tests.programme.notify_world import make_certificate

pytestmark = pytest.mark.django_db


def document(producer, doc_type, title, expires_on=None, archived=False):
    doc = Document(
        producer=producer,
        doc_type=doc_type,
        title=title,
        expires_on=expires_on,
        archived_at=timezone.now() if archived else None,
    )
    doc.file.save(f"{title}.pdf", ContentFile(b"%PDF-1.4"), save=False)
    doc.save()
    return doc


@pytest.fixture
def setup(units, producer, product_set, personas):
    today = timezone.localdate()
    product = f.ProductFactory(
        producer=producer, product_set=product_set, status="recognised", stars=3
    )
    last = Dossier.objects.create(
        product=product,
        kind=DossierKind.FIRST,
        status=DossierStatus.CLOSED,
        criteria_set=product_set.criteria_set,
        self_assessment={"A1": "a"},
        self_total=62,
        self_stars=3,
    )
    cert = make_certificate(product, units.phu_tho, expires_on=today + datetime.timedelta(150))
    docs = {
        "valid": document(producer, "food_safety", "Giấy ATTP 2026", today.replace(year=2099)),
        "lasting": document(producer, "business_registration", "Đăng ký kinh doanh"),
        "expired": document(
            producer, "test_report", "Phiếu kiểm nghiệm 2023", today - datetime.timedelta(1)
        ),
        "archived": document(producer, "label", "Nhãn cũ", archived=True),
    }
    return cert, last, docs


def test_reevaluation_dossier_is_prefilled_and_lists_what_to_renew(client, setup, personas):
    cert, last, docs = setup
    opens, closes = reevaluation_window(cert)
    assert opens <= timezone.localdate() <= closes
    dossier = reevaluation_start(actor=personas.producer, certificate=cert)
    attached = set(dossier.documents.values_list("title", flat=True))
    assert attached == {"Giấy ATTP 2026", "Đăng ký kinh doanh"}
    assert dossier.self_assessment == {"A1": "a"} and dossier.self_stars == 3
    event = AuditEvent.objects.get(action="registry.dossier.created", object_id=str(dossier.pk))
    assert event.new["prefilled_from"] == last.public_code

    client.force_login(personas.producer)
    page = client.get(reverse("registry:dossier_detail", kwargs={"code": dossier.public_code}))
    assert page.status_code == 200
    renew = page.text.split("Tài liệu cần cấp lại")[1]
    assert "Phiếu kiểm nghiệm 2023" in renew and "Nhãn cũ" not in renew
    assert page.text.count(">dùng lại<") == 2


def test_a_renewed_document_takes_the_expired_one_off_the_list(client, setup, personas):
    cert, _last, docs = setup
    dossier = reevaluation_start(actor=personas.producer, certificate=cert)
    renewed = document(
        docs["expired"].producer, "test_report", "Phiếu kiểm nghiệm 2026", docs["valid"].expires_on
    )
    dossier.attachments.create(document=renewed)
    client.force_login(personas.producer)
    page = client.get(reverse("registry:dossier_detail", kwargs={"code": dossier.public_code}))
    assert "Tài liệu cần cấp lại" not in page.text
