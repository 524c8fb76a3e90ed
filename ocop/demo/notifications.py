"""Certificates near their expiry, and the warnings already sent about them.

Two more products of the rice-spirit cooperative (the demo producer's) are recognised with
certificates dated so that, on the day the demo is loaded, one is inside its re-evaluation
window (150 days left) and one is 20 days from expiry (the window has closed). The demo
already holds two products whose certificates expired. The cooperative also holds a test
report that has expired, so a re-evaluation dossier lists it to renew. The warnings due today
are then sent (``expiry_warnings_send``), so demo-producer and the officers of Phú Thọ find
them in their notifications.
"""

from __future__ import annotations

import datetime

from django.core.files.uploadedfile import SimpleUploadedFile
from django.db import transaction
from django.utils import timezone

from ocop.certificates.models import Certificate, DecisionLevel, RecognitionDecision
from ocop.certificates.signing import seal
from ocop.core.dates import add_months
from ocop.geo.models import Era, Level
from ocop.programme.services.warnings import expiry_warnings_send
from ocop.registry import services
from ocop.registry.models import Document, Product, ProductStatus

from .files import DEMO_NOTE, demo_pdf
from .producers import ALL_MET, _product_set, spirit_cooperative
from .units import unit
from .users import demo_admin

# (name, product set, stars, days from the demo's day to expiry, description)
EXPIRING = [
    (
        "Rượu men lá nếp cẩm",
        14,
        3,
        150,
        "Rượu nếp cẩm ủ men lá rừng, đang trong thời hạn nộp hồ sơ đánh giá lại.",
    ),
    (
        "Rượu men lá ngâm mơ",
        14,
        3,
        20,
        "Rượu men lá ngâm quả mơ, giấy chứng nhận sắp hết hạn.",
    ),
]
EXPIRED_REPORT = "Phiếu kết quả kiểm nghiệm rượu năm 2023"


def _recognise(admin, product: Product, stars: int, expires_on: datetime.date) -> Certificate:
    dossier = services.dossier_create(actor=admin, kind="first", product=product)
    services.dossier_submit(actor=admin, dossier=dossier)
    services.dossier_review(actor=admin, dossier=dossier, answers=ALL_MET, forward=True)
    services.dossier_move(actor=admin, dossier=dossier, to="in_evaluation")
    services.product_move(actor=admin, product=product, to=ProductStatus.RECOGNISED, stars=stars)
    services.dossier_move(actor=admin, dossier=dossier, to="closed")
    issued_on = add_months(expires_on, -36)
    decision, _ = RecognitionDecision.objects.get_or_create(
        number=f"DEMO-{issued_on:%y%m%d}/QĐ-UBND",
        year=issued_on.year,
        unit=unit(Era.OLD, Level.PROVINCE, "17"),
        defaults={
            "decided_on": issued_on,
            "level": DecisionLevel.PROVINCE,
            "signer": "Người ký minh họa",
            "round_label": "Dữ liệu minh họa",
        },
    )
    certificate = Certificate.objects.create(
        product=product,
        producer=product.producer,
        decision=decision,
        stars=stars,
        issued_on=issued_on,
        expires_on=expires_on,
    )
    seal(certificate)
    return certificate


@transaction.atomic
def load_notifications(out: list[str]) -> None:
    """Create the expiring certificates once, then send the warnings due today."""
    admin = demo_admin()
    producer = spirit_cooperative()
    today = timezone.localdate()
    if not Document.objects.filter(producer=producer, title=EXPIRED_REPORT).exists():
        services.document_upload(
            actor=admin,
            producer=producer,
            file=SimpleUploadedFile(
                "kiem-nghiem-2023.pdf", demo_pdf(EXPIRED_REPORT, producer.tax_code)
            ),
            doc_type="test_report",
            title=EXPIRED_REPORT,
            number="DEMO-KN-2023",
            issuing_body="Phòng kiểm nghiệm minh họa",
            issued_on=add_months(today, -36),
            expires_on=today - datetime.timedelta(days=30),
        )
    for name, number, stars, days_left, description in EXPIRING:
        if Product.objects.filter(producer=producer, name=name).exists():
            continue
        product = services.product_create(
            actor=admin,
            producer=producer,
            fields={
                "name": name,
                "product_set": _product_set(number),
                "description": f"{DEMO_NOTE} {description}",
            },
        )
        _recognise(admin, product, stars, today + datetime.timedelta(days=days_left))
    sent = expiry_warnings_send(day=today)
    out.append(f"expiry warnings sent today: {len(sent)}")
