"""The data of ``bench/portal.py``, built inside a Django process (bench settings)."""

from __future__ import annotations

import datetime
import math

from django.db import transaction

from ocop.certificates.models import Certificate, DecisionLevel, RecognitionDecision, Source
from ocop.certificates.signing import seal
from ocop.core.versions import version_bump
from ocop.demo.scale import generate_scale
from ocop.registry.models import Product, ProductStatus

RECOGNISED_SHARE = 0.65  # of generated products, those with a certificate (ocop.demo.scale)
SAMPLE = 200  # distinct certificates and products the pages cycle through
HISTORY = 8


@transaction.atomic
def long_history(product: Product, count: int) -> None:
    """Give ``product`` ``count - 1`` earlier certificates, each superseded by the next."""
    latest = product.certificates.order_by("-issued_on").first()
    chain = []
    for back in range(count - 1, 0, -1):
        year = latest.issued_on.year - 3 * back
        decision, _ = RecognitionDecision.objects.get_or_create(
            number=f"MP-LS-{product.public_code}-{year}",
            year=year,
            unit=product.province,
            defaults={
                "decided_on": datetime.date(year, 6, 20),
                "level": DecisionLevel.PROVINCE,
                "round_label": "Dữ liệu mô phỏng",
                "source": Source.IMPORTED,
            },
        )
        issued = datetime.date(year, 6, 20)
        cert = Certificate(
            product=product,
            producer=product.producer,
            decision=decision,
            stars=3,
            issued_on=issued,
            expires_on=issued.replace(year=year + 3),
            superseded=True,
            superseded_on=issued.replace(year=year + 3),
            previous=chain[-1] if chain else None,
        )
        seal(cert, save=False)
        cert.save()
        chain.append(cert)
    latest.previous = chain[-1]
    latest.save(update_fields=["previous"])
    version_bump()


def build(scale: int) -> dict:
    products = math.ceil(scale / RECOGNISED_SHARE)
    summary = generate_scale(
        provinces=34, producers=max(1, products * 3 // 5), products=products, years=3, seed=1
    )
    recognised = Product.objects.filter(status=ProductStatus.RECOGNISED).order_by("pk")
    history = recognised.first()
    long_history(history, HISTORY)
    step = max(1, recognised.count() // SAMPLE)
    sample = list(recognised.values_list("public_code", flat=True)[::step][:SAMPLE])
    certs = Certificate.objects.filter(
        product__status=ProductStatus.RECOGNISED, superseded=False, revoked=False
    ).order_by("pk")
    codes = list(certs.values_list("code", flat=True)[::step][:SAMPLE])
    return {
        "summary": str(summary),
        "products": sample,
        "certificates": codes,
        "history_product": history.public_code,
        "province": history.province.key,
    }
