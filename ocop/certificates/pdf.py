"""The certificate PDF, with a QR code to the public verification page (over
``ocop.core.pdf``)."""

from __future__ import annotations

import datetime

from django.utils import translation
from django.utils.translation import gettext as _

from ocop.certificates.labels import QR_ERROR, verification_address, verification_url
from ocop.certificates.public import facts_of
from ocop.core.pdf import Document, qr_png, to_bytes

__all__ = ["certificate_document", "to_bytes", "verification_url"]


def certificate_document(certificate) -> Document:
    """The certificate, always in Vietnamese: it is an official paper, whatever the reader's
    interface language."""
    with translation.override("vi"):
        return _certificate_document(certificate)


def _certificate_document(certificate) -> Document:
    """Prints the frozen facts, which the signature covers, never the registry as it is now."""
    facts = facts_of(certificate)
    decision = certificate.decision
    pdf = Document(orientation="L", format="A4")
    pdf.set_title(_("OCOP certificate %(code)s") % {"code": certificate.code})
    pdf.add_page()
    pdf.set_line_width(1.2)
    pdf.rect(8, 8, pdf.w - 16, pdf.h - 16)
    pdf.ln(6)
    pdf.line_text(_("SOCIALIST REPUBLIC OF VIET NAM"), size=12, bold=True, align="C")
    pdf.line_text(_("Independence - Freedom - Happiness"), size=11, align="C")
    pdf.ln(4)
    pdf.line_text(_("CERTIFICATE OF OCOP PRODUCT"), size=22, bold=True, align="C", h=12)
    pdf.line_text(_("One Commune One Product programme"), size=11, align="C")
    pdf.ln(4)
    pdf.line_text(facts["product"], size=20, bold=True, align="C", h=11)
    pdf.line_text("★" * certificate.stars, size=24, align="C", h=12)
    pdf.line_text(_("Ranked %(stars)s stars") % {"stars": certificate.stars}, size=12, align="C")
    if facts.get("producer"):
        pdf.line_text(_("Producer: %(name)s") % {"name": facts["producer"]}, size=12, align="C")
    decided = facts.get("decision_date")
    pdf.line_text(
        _("Recognised by decision %(number)s of %(date)s")
        % {
            "number": facts["decision_number"],
            "date": datetime.date.fromisoformat(decided).strftime("%d/%m/%Y") if decided else "",
        },
        size=11,
        align="C",
    )
    pdf.line_text(
        _("Valid from %(issued)s to %(expires)s")
        % {
            "issued": certificate.issued_on.strftime("%d/%m/%Y"),
            "expires": certificate.expires_on.strftime("%d/%m/%Y"),
        },
        size=11,
        align="C",
    )
    pdf.line_text(
        _("Certificate code: %(code)s") % {"code": certificate.code}, bold=True, align="C"
    )
    if decision.signer:
        pdf.ln(4)
        issuer = facts.get("issuing_body") or decision.get_level_display()
        signer = " ".join(part for part in (decision.signer_title, decision.signer) if part)
        pdf.line_text(
            _("%(issuer)s, signed by %(signer)s") % {"issuer": issuer, "signer": signer},
            size=10,
            align="C",
        )
    url = verification_url(certificate.code)
    pdf.image(
        qr_png(verification_address(certificate), error=QR_ERROR), x=pdf.w - 58, y=pdf.h - 62, w=40
    )
    pdf.set_xy(16, pdf.h - 30)
    pdf.line_text(_("Check this certificate at %(url)s") % {"url": url}, size=9)
    return pdf
