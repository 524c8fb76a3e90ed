"""Member score sheets (phiếu chấm): draft -> submitted -> locked, reopened by the chair,
withdrawn when the member declares a link to the producer (``lifecycle.SHEET_TRANSITIONS``)."""

from __future__ import annotations

from decimal import Decimal

from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from ocop.core.audit import audit_log
from ocop.core.exceptions import DomainError, PermissionDeniedError, TransitionError
from ocop.criteria.scoring import AnswerError, score_answers
from ocop.criteria.sheet import Sheet
from ocop.evaluation import lifecycle
from ocop.evaluation.aggregate import preview
from ocop.evaluation.models import (
    Enrolment,
    EnrolmentStatus,
    Result,
    ScoreSheet,
    SheetStatus,
)
from ocop.evaluation.selectors import chair_of, sheet_of
from ocop.evaluation.services.rounds import enrolment_move


def sheet_move(*, actor, sheet: ScoreSheet, to: str, note: str = "") -> ScoreSheet:
    """Move one (locked) sheet along ``lifecycle.SHEET_TRANSITIONS`` and audit it."""
    old = sheet.status
    lifecycle.check_sheet_move(old, to)
    sheet.status = to
    sheet.version += 1
    sheet.save(update_fields=["status", "version", "updated_at"])
    audit_log(
        actor=actor,
        action=f"evaluation.sheet.{to}",
        obj=sheet,
        old={"status": old},
        new={"status": to},
        note=note,
    )
    return sheet


def sheets_move(enrolment: Enrolment, current: str, to: str) -> None:
    """Move every sheet of an enrolment in ``current`` status (the result's audit entry
    records why)."""
    lifecycle.check_sheet_move(current, to)
    ScoreSheet.objects.filter(assignment__enrolment=enrolment, status=current).update(status=to)


def _locked_sheet(sheet: ScoreSheet) -> ScoreSheet:
    return (
        ScoreSheet.objects.select_for_update(of=("self",))
        .select_related(
            "assignment__member__user",
            "assignment__enrolment__product_set__criteria_set",
            "assignment__enrolment__round",
        )
        .get(pk=sheet.pk)
    )


def _require_owner(actor, sheet: ScoreSheet) -> None:
    member = sheet.assignment.member
    if actor is None or member.user_id != getattr(actor, "pk", None) or not member.active:
        raise PermissionDeniedError(_("Only the assigned member fills this score sheet."))


def _check_version(sheet: ScoreSheet, version: int | None) -> None:
    if version is not None and int(version) != sheet.version:
        raise DomainError(
            _(
                "This score sheet was changed elsewhere since you opened it (version %(yours)s, "
                "now %(now)s). Reload it and enter your changes again."
            )
            % {"yours": version, "now": sheet.version},
            field="version",
            code="stale",
        )


def unanswered_criteria(sheet_def: Sheet, answers: dict) -> list[str]:
    """Every criterion that still needs an answer (it applies and has no "none" option), in
    sheet order, so a member sees them all at once."""
    points: dict[str, Decimal] = {}
    missing: list[str] = []
    for crit in sheet_def.criteria:
        given = answers.get(crit.code)
        cond = crit.applies_if
        if cond is not None and not cond.met(points.get(cond.criterion, Decimal(0))):
            points[crit.code] = Decimal(0)
            continue
        if given in (None, "") and not crit.allows_none:
            missing.append(crit.code)
        points[crit.code] = Decimal(str(given)) if given not in (None, "") else Decimal(0)
    return missing


def _clean_answers(sheet_def: Sheet, answers: dict, *, complete: bool) -> dict[str, str]:
    """Points per criterion as strings; refuse unknown criteria and options, naming them."""
    cleaned: dict[str, str] = {}
    for code, value in answers.items():
        if value in (None, ""):
            continue
        if not sheet_def.has_criterion(str(code)):
            raise DomainError(
                _("Criterion %(criterion)s does not exist on this sheet.") % {"criterion": code},
                field=str(code),
            )
        crit = sheet_def.criterion(str(code))
        try:
            points = Decimal(str(value))
        except ArithmeticError:
            points = None
        if points is None or not crit.accepts(points):
            raise DomainError(
                _("%(value)s is not an option of criterion %(criterion)s.")
                % {"value": value, "criterion": code},
                field=str(code),
            )
        cleaned[str(code)] = format(points.normalize(), "f")
    if complete:
        missing = unanswered_criteria(sheet_def, cleaned)
        if missing:
            raise DomainError(
                _("These criteria have no answer yet: %(criteria)s. Choose one of their options.")
                % {"criteria": ", ".join(missing)},
                field=missing[0],
            )
        try:
            score_answers(sheet_def, cleaned)
        except AnswerError as exc:
            raise DomainError(exc.message, field=exc.criterion) from exc
    return cleaned


@transaction.atomic
def sheet_save_draft(*, actor, sheet: ScoreSheet, answers: dict, version: int | None) -> ScoreSheet:
    """Save a member's answers as a draft. ``version`` is the one the member loaded; a save
    based on an older version is refused so nothing typed elsewhere is overwritten."""
    sheet = _locked_sheet(sheet)
    _require_owner(actor, sheet)
    if sheet.status == SheetStatus.WITHDRAWN:
        lifecycle.check_sheet_move(sheet.status, SheetStatus.DRAFT)
    if sheet.status != SheetStatus.DRAFT:
        raise TransitionError(_("This score sheet was submitted; ask the chair to reopen it."))
    _check_version(sheet, version)
    sheet_def = sheet_of(sheet.assignment.enrolment.product_set)
    cleaned = _clean_answers(sheet_def, answers, complete=False)
    old = {"answers": sheet.answers, "version": sheet.version}
    summary = preview(sheet_def, cleaned)
    sheet.answers = cleaned
    sheet.total = summary["total"]
    sheet.parts = {k: str(v) for k, v in summary["parts"].items()}
    sheet.version += 1
    sheet.save(update_fields=["answers", "total", "parts", "version", "updated_at"])
    audit_log(
        actor=actor,
        action="evaluation.sheet.saved",
        obj=sheet,
        old=old,
        new={"answers": cleaned, "version": sheet.version},
    )
    return sheet


@transaction.atomic
def sheet_submit(
    *, actor, sheet: ScoreSheet, answers: dict | None = None, version: int | None = None
) -> ScoreSheet:
    """Submit a complete sheet. Submitting a sheet that is already submitted changes nothing."""
    sheet = _locked_sheet(sheet)
    _require_owner(actor, sheet)
    if sheet.status == SheetStatus.WITHDRAWN:
        lifecycle.check_sheet_move(sheet.status, SheetStatus.SUBMITTED)
    if sheet.status != SheetStatus.DRAFT:
        return sheet  # idempotent: already counted once
    _check_version(sheet, version)
    sheet_def = sheet_of(sheet.assignment.enrolment.product_set)
    cleaned = _clean_answers(
        sheet_def, sheet.answers if answers is None else answers, complete=True
    )
    scored = score_answers(sheet_def, cleaned)
    sheet.answers = cleaned
    sheet.total = scored.total
    sheet.parts = {k: str(v) for k, v in scored.parts.items()}
    sheet.status = SheetStatus.SUBMITTED
    sheet.submitted_at = timezone.now()
    sheet.version += 1
    sheet.save()
    audit_log(
        actor=actor,
        action="evaluation.sheet.submitted",
        obj=sheet,
        old={"status": SheetStatus.DRAFT},
        new={"status": sheet.status, "total": sheet.total, "answers": cleaned},
    )
    return sheet


@transaction.atomic
def sheet_reopen(*, actor, sheet: ScoreSheet, reason: str) -> ScoreSheet:
    """The chair sends a sheet back to its member (e.g. after the spread rule flagged it)."""
    sheet = _locked_sheet(sheet)
    enrolment = sheet.assignment.enrolment
    if chair_of(enrolment.round, actor) is None:
        raise PermissionDeniedError(_("Only the council chair may reopen a score sheet."))
    if not reason.strip():
        raise DomainError(_("Give the reason for reopening the sheet."), field="reason")
    if sheet.status == SheetStatus.DRAFT:
        raise TransitionError(_("This score sheet is still a draft."))
    lifecycle.check_sheet_move(sheet.status, SheetStatus.DRAFT)
    result = Result.objects.select_for_update(of=("self",)).filter(enrolment=enrolment).first()
    if enrolment.status == EnrolmentStatus.NOT_PROPOSED:
        raise TransitionError(_("The product was not recognised and its dossier is closed."))
    if result is not None and hasattr(result, "certificate"):
        raise TransitionError(_("A certificate was issued on this result; it cannot be reopened."))
    old = sheet.status
    sheet.status = SheetStatus.DRAFT
    sheet.reopened_reason = reason.strip()
    sheet.version += 1
    sheet.save(update_fields=["status", "reopened_reason", "version", "updated_at"])
    if result is not None and result.final:
        result.final = False
        result.finalised_at = None
        result.save(update_fields=["final", "finalised_at", "updated_at"])
        sheets_move(enrolment, SheetStatus.LOCKED, SheetStatus.SUBMITTED)
    enrolment_move(actor=actor, enrolment=enrolment, to=EnrolmentStatus.SCORING)
    audit_log(
        actor=actor,
        action="evaluation.sheet.reopened",
        obj=sheet,
        old={"status": old},
        new={"status": sheet.status},
        note=reason,
    )
    return sheet
