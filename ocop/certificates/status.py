"""The one definition of a certificate's status on a day, and of what it means for its product.

Every page, export, import, roll-up and service asks these functions; nothing else spells the
rule out. ``status_on`` is pure (it reads only the certificate's own fields) and ``status_q`` is
the same rule as a database filter, held to ``status_on`` by a property test.

On a day ``d`` a certificate is, in this order:

- ``not_genuine`` when its signature does not match its frozen facts (the caller says so);
- ``revoked`` when it was revoked on or before ``d`` (a revocation without a date counts);
- ``superseded`` when a later certificate of the product replaced it on or before ``d``;
- ``expired`` when ``d`` is past its last day of validity (``expires_on``);
- ``valid`` otherwise.

A product's status follows the certificate in force for it on that day
(``ocop.certificates.selectors.certificate_in_force``): valid -> recognised, expired ->
expired, revoked -> revoked.
"""

from __future__ import annotations

import datetime

from django.db import models
from django.db.models import Q
from django.utils.translation import gettext_lazy as _


class CertificateStatus(models.TextChoices):
    VALID = "valid", _("Valid")
    EXPIRED = "expired", _("Expired")
    REVOKED = "revoked", _("Revoked")
    SUPERSEDED = "superseded", _("Superseded")


NOT_GENUINE = "not_genuine"

# What a product's recorded status becomes when its certificate in force has this status.
PRODUCT_STATUS_BY_CERTIFICATE = {
    CertificateStatus.VALID: "recognised",
    CertificateStatus.EXPIRED: "expired",
    CertificateStatus.REVOKED: "revoked",
}


def status_on(certificate, day: datetime.date, *, genuine: bool = True) -> str:
    """valid, expired, revoked, superseded (or ``not_genuine``) on ``day``."""
    if not genuine:
        return NOT_GENUINE
    if certificate.revoked and (certificate.revoked_on is None or certificate.revoked_on <= day):
        return CertificateStatus.REVOKED
    if certificate.superseded and (
        certificate.superseded_on is None or certificate.superseded_on <= day
    ):
        return CertificateStatus.SUPERSEDED
    if day > certificate.expires_on:
        return CertificateStatus.EXPIRED
    return CertificateStatus.VALID


def status_q(status: str, day: datetime.date, prefix: str = "") -> Q:
    """The certificates whose ``status_on(day)`` is ``status``, as a filter."""

    def q(**kwargs) -> Q:
        return Q(**{prefix + key: value for key, value in kwargs.items()})

    revoked = q(revoked=True) & (q(revoked_on__isnull=True) | q(revoked_on__lte=day))
    superseded = q(superseded=True) & (q(superseded_on__isnull=True) | q(superseded_on__lte=day))
    live = ~revoked & ~superseded
    return {
        CertificateStatus.REVOKED: revoked,
        CertificateStatus.SUPERSEDED: ~revoked & superseded,
        CertificateStatus.EXPIRED: live & q(expires_on__lt=day),
        CertificateStatus.VALID: live & q(expires_on__gte=day),
    }[status]


def product_status_for(certificate, day: datetime.date) -> str | None:
    """The product status that follows from its certificate in force on ``day`` (None: none)."""
    if certificate is None:
        return None
    status = status_on(certificate, day)
    # The certificate in force is never superseded on its own day; a stale flag reads as valid.
    return PRODUCT_STATUS_BY_CERTIFICATE.get(status, "recognised")
