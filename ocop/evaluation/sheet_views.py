"""The member's score sheet under /danh-gia/ho-so/<code>/phieu/: the form (saved as a draft on
every change, HTMX), submission (every missing criterion named, the draft kept), the printed
sheet, the dossier's documents for the member, and the chair's reopening."""

from __future__ import annotations

from decimal import Decimal

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied
from django.http import HttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from ocop.core.exceptions import DomainError, PermissionDeniedError
from ocop.core.pdf import to_bytes
from ocop.core.web import confirmed
from ocop.core.web import run_action as _act
from ocop.criteria.scoring import AnswerError, points_from_options
from ocop.evaluation import selectors, services
from ocop.evaluation.models import ScoreSheet, SheetStatus
from ocop.evaluation.pdf import score_sheet_document
from ocop.registry import files


def _own_sheet(request, code) -> ScoreSheet:
    return get_object_or_404(
        selectors.my_sheets(request.user).select_related(
            "assignment__member", "assignment__enrolment__product_set__criteria_set"
        ),
        assignment__enrolment__public_code=code,
    )


def _choices_from_post(sheet_def, post) -> dict:
    """Radio values are option indices ("none" for none of them); return points answers."""
    choices = {}
    for crit in sheet_def.criteria:
        raw = post.get(f"c-{crit.code}", "")
        if raw == "":
            continue
        if raw == "none":
            choices[crit.code] = None
            continue
        try:
            choices[crit.code] = int(raw)
        except ValueError:
            choices[crit.code] = raw  # refused below, naming the criterion
    answers = points_from_options(sheet_def, choices)
    return {code: ("0" if value is None else str(value)) for code, value in answers.items()}


def _form_rows(sheet_def, answers):
    """Parts > sections > criteria with the chosen option index, for the template."""
    parts = []
    for part in sheet_def.parts:
        sections = []
        for section in part.sections:
            rows = []
            for crit in section.criteria:
                given = answers.get(crit.code)
                chosen = None
                if given is not None:
                    chosen = next(
                        (o.index for o in crit.options if o.points == Decimal(given)), "none"
                    )
                rows.append({"criterion": crit, "chosen": chosen})
            sections.append({"section": section, "rows": rows})
        parts.append({"part": part, "sections": sections})
    return parts


def _same_answers(stored: dict, posted: dict) -> bool:
    """Whether the posted answers are the ones stored (points compared as numbers)."""
    try:
        return {k: Decimal(str(v)) for k, v in stored.items()} == {
            k: Decimal(str(v)) for k, v in posted.items()
        }
    except ArithmeticError:
        return False


def _save_and_submit(request, own, sheet_def) -> dict:
    """Save the posted answers as the draft, then submit when asked (and confirmed). The draft
    is saved first, in its own transaction, so a refused submission loses nothing."""
    answers = _choices_from_post(sheet_def, request.POST)
    version = int(request.POST.get("version") or 0)
    if own.status == SheetStatus.DRAFT and _same_answers(own.answers, answers):
        version = own.version  # already saved (by the autosave): nothing could be lost
    elif own.status == SheetStatus.DRAFT:
        own = services.sheet_save_draft(
            actor=request.user, sheet=own, answers=answers, version=version
        )
        version = own.version
    if request.POST.get("op") != "submit":
        messages.success(request, _("Your draft was saved."))
    elif not confirmed(request):
        messages.error(
            request,
            _('Your draft was saved. Tick "I confirm" to submit the sheet.'),
        )
    else:
        services.sheet_submit(actor=request.user, sheet=own, answers=answers, version=version)
        messages.success(request, _("Your score sheet was submitted."))
    return answers


@login_required
def sheet(request, code):
    own = _own_sheet(request, code)
    sheet_def = services.sheet_of(own.assignment.enrolment.product_set)
    answers = own.answers
    if request.method == "POST":
        try:
            answers = _save_and_submit(request, own, sheet_def)
            return redirect("evaluation:sheet", code=code)
        except AnswerError as exc:
            messages.error(request, exc.message)
        except PermissionDeniedError as exc:
            raise PermissionDenied(str(exc)) from exc
        except DomainError as exc:
            messages.error(request, str(exc))
        own.refresh_from_db()
    clean = {k: v for k, v in answers.items() if sheet_def.has_criterion(k)}
    try:
        summary = services.preview(sheet_def, clean)
    except (ArithmeticError, ValueError):
        summary = services.preview(sheet_def, own.answers)
    return render(
        request,
        "evaluation/sheet_form.html",
        {
            "own": own,
            "enrolment": own.assignment.enrolment,
            "parts": _form_rows(sheet_def, clean),
            "summary": summary,
            "editable": own.status == SheetStatus.DRAFT,
            "missing": services.unanswered_criteria(sheet_def, clean),
            "documents": []
            if own.status == SheetStatus.WITHDRAWN
            else own.assignment.enrolment.dossier.documents.order_by("title"),
        },
    )


@login_required
def dossier_document(request, code, document):
    """A document of the dossier the member scores, streamed from private storage; 404 for
    anyone not scoring that enrolment (officials use the registry's pages)."""
    enrolment = get_object_or_404(selectors.enrolments_scored_by(request.user), public_code=code)
    found = get_object_or_404(enrolment.dossier.documents.all(), public_code=document)
    return files.stream_document(found)


@login_required
@require_POST
def sheet_preview(request, code):
    own = _own_sheet(request, code)
    sheet_def = services.sheet_of(own.assignment.enrolment.product_set)
    try:
        answers = _choices_from_post(sheet_def, request.POST)
        summary = services.preview(sheet_def, answers)
        error = ""
    except AnswerError as exc:
        summary, error = services.preview(sheet_def, {}), exc.message
    return render(request, "evaluation/_sheet_summary.html", {"summary": summary, "error": error})


@login_required
@require_POST
def sheet_autosave(request, code):
    """Save the draft on every change of the form (HTMX); answer the live summary and the new
    version, swapped into the form out of band."""
    own = _own_sheet(request, code)
    sheet_def = services.sheet_of(own.assignment.enrolment.product_set)
    error, saved = "", False
    try:
        answers = _choices_from_post(sheet_def, request.POST)
        summary = services.preview(sheet_def, answers)
        if own.status == SheetStatus.DRAFT and not _same_answers(own.answers, answers):
            own = services.sheet_save_draft(
                actor=request.user,
                sheet=own,
                answers=answers,
                version=int(request.POST.get("version") or 0),
            )
            saved = True
    except AnswerError as exc:
        summary, error = services.preview(sheet_def, {}), exc.message
    except PermissionDeniedError as exc:
        raise PermissionDenied(str(exc)) from exc
    except (DomainError, ValueError) as exc:
        summary, error = services.preview(sheet_def, own.answers), str(exc)
    return render(
        request,
        "evaluation/_sheet_summary.html",
        {"summary": summary, "error": error, "saved": saved, "own": own, "autosave": True},
    )


def _visible_sheet(request, code, member_id) -> ScoreSheet:
    return get_object_or_404(
        selectors.sheets_visible_to(request.user).select_related(
            "assignment__enrolment__round", "assignment__enrolment__product_set"
        ),
        assignment__enrolment__public_code=code,
        assignment__member_id=member_id,
    )


@login_required
def sheet_print(request, code, member_id):
    shown = _visible_sheet(request, code, member_id)
    sheet_def = services.sheet_of(shown.assignment.enrolment.product_set)
    if request.GET.get("format") == "pdf":
        response = HttpResponse(
            to_bytes(score_sheet_document(shown, sheet_def)), content_type="application/pdf"
        )
        response["Content-Disposition"] = f'inline; filename="phieu-cham-{code}-{member_id}.pdf"'
        return response
    return render(
        request,
        "evaluation/sheet_print.html",
        {
            "shown": shown,
            "enrolment": shown.assignment.enrolment,
            "parts": _form_rows(sheet_def, shown.answers),
        },
    )


@login_required
@require_POST
def sheet_reopen(request, code, member_id):
    shown = _visible_sheet(request, code, member_id)
    _act(
        request,
        lambda: services.sheet_reopen(
            actor=request.user, sheet=shown, reason=request.POST.get("reason", "")
        ),
        success_message=_("The sheet was sent back to its member."),
    )
    return redirect("evaluation:enrolment", code=code)


@login_required
def my_sheets(request):
    sheets = selectors.my_sheets(request.user)
    status = request.GET.get("trang_thai", "")
    if status in SheetStatus.values:
        sheets = sheets.filter(status=status)
    return render(request, "evaluation/my_sheets.html", {"sheets": sheets, "status": status})
