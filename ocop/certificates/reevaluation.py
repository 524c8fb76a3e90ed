"""Re-evaluation (đánh giá lại) of a certificate before it expires.

A re-evaluation dossier is filed between ``REEVALUATION_WINDOW_OPENS_DAYS`` (180) and
``REEVALUATION_WINDOW_CLOSES_DAYS`` (120) days before the certificate expires. It is started
from the certificate (``reevaluation_start``): the registry opens an ordinary dossier of kind
re-evaluation and this side keeps the link to the certificate (``ReevaluationLink``), so the
registry knows nothing of certificates.
"""

from __future__ import annotations

import datetime

from django.conf import settings
from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from ocop.accounts.permissions import MANAGE_REGISTRY
from ocop.certificates.models import Certificate, ReevaluationLink
from ocop.certificates.status import CertificateStatus, status_on
from ocop.core.audit import audit_log
from ocop.core.dates import display
from ocop.core.exceptions import DomainError
from ocop.registry import rights
from ocop.registry import services as registry_services
from ocop.registry.models import Dossier, DossierKind


def _rule(name: str) -> int:
    return int(settings.OCOP_RULES[name])


def reevaluation_window(certificate: Certificate) -> tuple[datetime.date, datetime.date]:
    """First and last day on which a re-evaluation dossier may be filed."""
    opens = certificate.expires_on - datetime.timedelta(
        days=_rule("REEVALUATION_WINDOW_OPENS_DAYS")
    )
    closes = certificate.expires_on - datetime.timedelta(
        days=_rule("REEVALUATION_WINDOW_CLOSES_DAYS")
    )
    return opens, closes


def reevaluation_filing_check(*, certificate: Certificate, filed_on: datetime.date) -> None:
    """Refuse a re-evaluation dossier filed outside the window before expiry."""
    opens, closes = reevaluation_window(certificate)
    if not (opens <= filed_on <= closes):
        raise DomainError(
            _(
                "A re-evaluation dossier for certificate %(code)s may be filed from %(opens)s to "
                "%(closes)s (between %(early)s and %(late)s days before it expires on "
                "%(expires)s); it was filed on %(filed)s."
            )
            % {
                "code": certificate.code,
                "opens": display(opens),
                "closes": display(closes),
                "early": _rule("REEVALUATION_WINDOW_OPENS_DAYS"),
                "late": _rule("REEVALUATION_WINDOW_CLOSES_DAYS"),
                "expires": display(certificate.expires_on),
                "filed": display(filed_on),
            },
            field="previous_certificate",
        )


def reevaluated_certificate(dossier: Dossier) -> Certificate | None:
    """The certificate ``dossier`` re-evaluates, if it was started from one."""
    link = ReevaluationLink.objects.select_related("certificate").filter(dossier=dossier).first()
    return link.certificate if link else None


def may_start_reevaluation(
    user, certificate: Certificate, day: datetime.date | None = None
) -> bool:
    """Whether ``user`` may start the re-evaluation of ``certificate`` on ``day`` (for pages:
    the service decides)."""
    day = day or timezone.localdate()
    opens, closes = reevaluation_window(certificate)
    return (
        opens <= day <= closes
        and status_on(certificate, day) == CertificateStatus.VALID
        and rights.may_act_on_product(user, certificate.product, MANAGE_REGISTRY)
    )


@transaction.atomic
def reevaluation_start(*, actor, certificate: Certificate, filed_on=None) -> Dossier:
    """Open the re-evaluation dossier of ``certificate``'s product and link it to the
    certificate. The actor must be able to act for the product; the certificate must be valid
    and the filing day (today by default) inside its window."""
    certificate = Certificate.objects.select_related("product").get(pk=certificate.pk)
    rights.require_product(actor, certificate.product, MANAGE_REGISTRY)
    filed_on = filed_on or timezone.localdate()
    if status_on(certificate, filed_on) != CertificateStatus.VALID:
        raise DomainError(
            _("Only a valid certificate can be re-evaluated; %(code)s is not.")
            % {"code": certificate.code},
            field="previous_certificate",
        )
    reevaluation_filing_check(certificate=certificate, filed_on=filed_on)
    dossier = registry_services.dossier_create(
        actor=actor, kind=DossierKind.REEVALUATION, product=certificate.product
    )
    ReevaluationLink.objects.create(dossier=dossier, certificate=certificate)
    audit_log(
        actor=actor,
        action="certificates.reevaluation.started",
        obj=certificate,
        new={"dossier": dossier.public_code, "filed_on": filed_on},
    )
    return dossier
