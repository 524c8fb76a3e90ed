"""Misuse reports from the public and the work on their cases.

A report names a certificate code or a product (when sent from the verification page or the
catalogue) or else a place: it is routed to the unit responsible for the product (its origin
commune, else its province) or to the province picked among units in force. The reporter
holds the case code and reads the status and the answer by it, nothing else.
"""

from __future__ import annotations

from django.core.exceptions import ValidationError
from django.db import transaction
from django.utils.translation import gettext as _

from ocop.certificates.selectors import certified_product_ids, public_certificate
from ocop.core.audit import audit_log, snapshot
from ocop.core.exceptions import DomainError, PermissionDeniedError
from ocop.core.text import nfc
from ocop.geo.in_force import units_in_force
from ocop.geo.models import Level
from ocop.programme import notices
from ocop.programme.images import clean_photo
from ocop.programme.inspect_lifecycle import check_case_move
from ocop.programme.models import CaseStatus, MisuseKind, MisuseReport
from ocop.programme.selectors.misuse import may_work_case
from ocop.registry.selectors import public_products

# Moves that the reporter must be able to read an answer for.
ANSWERED = {CaseStatus.CONFIRMED, CaseStatus.DISMISSED, CaseStatus.CLOSED}


def reported_product(*, certificate_code: str = "", product_code: str = ""):
    """The product a report is about: through the printed certificate code, else through the
    public code of a product of the catalogue. None when neither names one."""
    if certificate_code:
        certificate = public_certificate(certificate_code)
        if certificate is not None:
            return certificate.product
    if product_code:
        return (
            public_products()
            .filter(pk__in=certified_product_ids(), public_code=product_code)
            .first()
        )
    return None


@transaction.atomic
def misuse_report_submit(
    *,
    kind: str,
    certificate_code: str = "",
    product_code: str = "",
    unit=None,
    place: str = "",
    seller: str = "",
    link: str = "",
    description: str = "",
    contact: str = "",
    photo=None,
) -> MisuseReport:
    """Receive a report from anyone (no account). Routed to the product's unit, else to the
    province given, which must be in force today."""
    if kind not in MisuseKind.values:
        raise DomainError(_("Choose what is wrong with the label."), field="kind")
    certificate_code = nfc(certificate_code or "").strip().upper()[:30]
    product = reported_product(certificate_code=certificate_code, product_code=product_code)
    if product is not None:
        unit = product.origin_unit or product.province
    elif (
        unit is None
        or unit.level != Level.PROVINCE
        or not units_in_force(levels=(Level.PROVINCE,)).filter(pk=unit.pk).exists()
    ):
        raise DomainError(_("Choose the province where you saw the product."), field="unit")
    place, seller, description = (nfc(v or "").strip() for v in (place, seller, description))
    if not (place or seller or link or description or photo):
        raise DomainError(
            _("Tell us where you saw it: a place, a seller, a link, a photo or a few words."),
            field="place",
        )
    report = MisuseReport(
        kind=kind,
        certificate_code=certificate_code,
        product=product,
        unit=unit,
        place=place[:255],
        seller=seller[:255],
        link=(link or "").strip()[:500],
        description=description,
        contact=nfc(contact or "").strip()[:255],
    )
    if photo:
        try:
            clean = clean_photo(photo)
        except ValidationError as error:
            raise DomainError(error.messages[0], field="photo") from error
        report.photo.save(f"{report.code}-{clean.name}", clean, save=False)
    report.save()
    audit_log(
        actor=None,
        action="programme.misuse_report.received",
        obj=report,
        new={"kind": kind, "unit": unit.pk, "product": product.pk if product else None},
    )
    notices.misuse_received(report)
    return report


@transaction.atomic
def misuse_case_move(
    *, actor, report: MisuseReport, status: str, answer: str = "", note: str = ""
) -> MisuseReport:
    """Move a case along its lifecycle; the answer is what the reporter reads by the case code
    (needed once the case is confirmed, dismissed or closed); the note stays internal."""
    report = (
        MisuseReport.objects.select_for_update(of=("self",))
        .select_related("unit")
        .get(pk=report.pk)
    )
    if not may_work_case(actor, report):
        raise PermissionDeniedError(
            _("Only the provincial OCOP office responsible for this case works it.")
        )
    if status not in CaseStatus.values:
        raise DomainError(_("Unknown status."), field="status")
    check_case_move(report.status, status)
    old = snapshot(report, ["status", "answer", "internal_note"])
    answer, note = nfc(answer or "").strip(), nfc(note or "").strip()
    if answer:
        report.answer = answer
    if status in ANSWERED and not report.answer:
        raise DomainError(
            _("Write the answer the reporter will read by the case code."), field="answer"
        )
    if note:
        report.internal_note = "\n".join(filter(None, [report.internal_note, note]))
    report.status = status
    report.save()
    audit_log(
        actor=actor,
        action=f"programme.misuse_report.{status}",
        obj=report,
        old=old,
        new=snapshot(report, ["status", "answer", "internal_note"]),
    )
    return report
