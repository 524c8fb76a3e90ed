"""Who may see which decisions and certificates, and the public verification read."""

from __future__ import annotations

import datetime

from django.db.models import Q, QuerySet
from django.utils import timezone

from ocop.accounts.scope import scope_for, unit_q
from ocop.certificates.models import Certificate, CertificateStatus, RecognitionDecision
from ocop.registry.selectors import products_visible_to


def certificates_visible_to(user) -> QuerySet[Certificate]:
    """Certificates of the products the user may see (a producer: its own products)."""
    return Certificate.objects.select_related(
        "product", "product__producer", "decision", "producer"
    ).filter(product__in=products_visible_to(user).values("pk"))


def decisions_visible_to(user) -> QuerySet[RecognitionDecision]:
    """Decisions issued by a unit in scope, or carrying a visible certificate."""
    qs = RecognitionDecision.objects.select_related("unit", "round")
    if not getattr(user, "is_authenticated", False):
        return qs.none()
    scope = scope_for(user)
    if scope.everything:
        return qs
    q = unit_q(scope.unit_paths, "unit__") | Q(
        pk__in=certificates_visible_to(user).values("decision_id")
    )
    return qs.filter(q)


def live_status(certificate: Certificate, day: datetime.date | None = None) -> str:
    """valid, expired, revoked or superseded, on ``day`` (default today)."""
    return certificate.status_on(day or timezone.localdate())


def public_certificate(code: str) -> Certificate | None:
    """A certificate by its printed code, for anyone (the code is on paper and in the QR)."""
    normalised = code.strip().upper()
    return (
        Certificate.objects.select_related(
            "product", "product__producer", "product__province", "decision", "decision__unit"
        )
        .filter(code=normalised)
        .first()
    )


STATUS_CSS = {
    CertificateStatus.VALID: "valid",
    CertificateStatus.EXPIRED: "expired",
    CertificateStatus.REVOKED: "revoked",
    CertificateStatus.SUPERSEDED: "expired",
}
