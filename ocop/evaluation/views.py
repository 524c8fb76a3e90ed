"""Evaluation pages under /danh-gia/: rounds, councils, enrolment, assignment, the member's
score form (HTMX live total), results and a product's whole history.

Views call the services; what a user may open comes from the selectors (404 otherwise), what
they may do from the services' refusals (403 for a missing right)."""

from __future__ import annotations

from decimal import Decimal

from django.contrib import messages
from django.contrib.auth import get_user_model
from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied
from django.http import Http404, HttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from ocop.accounts import permissions as perms
from ocop.core.exceptions import DomainError, PermissionDeniedError
from ocop.core.pdf import to_bytes
from ocop.core.web import run_action as _act
from ocop.criteria.scoring import AnswerError, points_from_options
from ocop.evaluation import selectors, services
from ocop.evaluation.forms import RoundForm
from ocop.evaluation.models import (
    Council,
    CouncilMember,
    EnrolmentStatus,
    Result,
    RoundLevel,
    ScoreSheet,
    SheetStatus,
)
from ocop.evaluation.pdf import score_sheet_document
from ocop.registry import files
from ocop.registry.models import Dossier, Producer


def _require_any(user, *capabilities) -> None:
    if (
        not any(perms.has_capability(user, c) for c in capabilities)
        and not user.council_seats.filter(active=True).exists()
    ):
        raise PermissionDenied


# --------------------------------------------------------------------------- rounds


@login_required
def rounds(request):
    _require_any(request.user, perms.VIEW_ALL, perms.MANAGE_ROUNDS)
    items = selectors.rounds_visible_to(request.user).order_by("-year", "-number", "id")
    can_create = perms.has_capability(request.user, perms.MANAGE_ROUNDS)
    return render(request, "evaluation/rounds.html", {"rounds": items, "can_create": can_create})


@login_required
def round_create(request):
    if not perms.has_capability(request.user, perms.MANAGE_ROUNDS):
        raise PermissionDenied
    form = RoundForm(request.POST or None, user=request.user)
    if request.method == "POST" and form.is_valid():
        data = form.cleaned_data
        created = _act(
            request,
            lambda: services.round_create(actor=request.user, **data),
            success_message=_("The round was created."),
        )
        if created is not None:
            return redirect("evaluation:round", code=created.public_code)
    return render(request, "evaluation/round_form.html", {"form": form})


def _visible_round(request, code):
    return get_object_or_404(selectors.rounds_visible_to(request.user), public_code=code)


@login_required
def round_detail(request, code):
    round_ = _visible_round(request, code)
    enrolments = (
        selectors.enrolments_for_evaluation(request.user)
        .filter(round=round_)
        .select_related("result")
        .order_by("product__name", "id")
    )
    return render(
        request,
        "evaluation/round.html",
        {
            "round": round_,
            "enrolments": enrolments,
            "can_manage": services.can_manage_round(request.user, round_),
            "councils": selectors.councils_of(round_),
        },
    )


@login_required
@require_POST
def round_action(request, code, action):
    round_ = _visible_round(request, code)
    if not services.can_manage_round(request.user, round_):
        raise PermissionDenied
    actions = {
        "mo": (services.round_open, _("The round is open.")),
        "dong": (services.round_close, _("The round is closed.")),
    }
    if action not in actions:
        raise Http404
    service, message = actions[action]
    _act(request, lambda: service(actor=request.user, round_=round_), success_message=message)
    return redirect("evaluation:round", code=round_.public_code)


@login_required
@require_POST
def enrol(request, code):
    round_ = _visible_round(request, code)
    if not services.can_manage_round(request.user, round_):
        raise PermissionDenied
    dossier = Dossier.objects.filter(public_code=request.POST.get("dossier", "").strip()).first()
    if dossier is None:
        messages.error(request, _("No dossier has this code."))
    else:
        _act(
            request,
            lambda: services.enrolment_add(actor=request.user, round_=round_, dossier=dossier),
            success_message=_("The product was enrolled."),
        )
    return redirect("evaluation:round", code=round_.public_code)


@login_required
def council(request, code):
    round_ = _visible_round(request, code)
    can_manage = services.can_manage_round(request.user, round_)
    if request.method == "POST":
        if not can_manage:
            raise PermissionDenied
        _council_post(request, round_)
        return redirect("evaluation:council", code=round_.public_code)
    return render(
        request,
        "evaluation/council.html",
        {
            "round": round_,
            "councils": selectors.councils_of(round_),
            "can_manage": can_manage,
            "positions": CouncilMember.Position.choices,
            "kinds": Council.Kind.choices,
        },
    )


def _council_post(request, round_):
    op = request.POST.get("op")
    if op == "council":
        _act(
            request,
            lambda: services.council_create(
                actor=request.user,
                round_=round_,
                name=request.POST.get("name", ""),
                kind=request.POST.get("kind", Council.Kind.COUNCIL),
                established_by=request.POST.get("established_by", ""),
            ),
            success_message=_("The council was created."),
        )
    elif op == "member":
        council_obj = get_object_or_404(round_.councils, pk=request.POST.get("council") or 0)
        user = get_user_model().objects.filter(username=request.POST.get("username", "")).first()
        if user is None:
            messages.error(request, _("No user has this user name."))
            return
        _act(
            request,
            lambda: services.council_member_add(
                actor=request.user,
                council=council_obj,
                user=user,
                position=request.POST.get("position", CouncilMember.Position.MEMBER),
                department=request.POST.get("department", ""),
            ),
            success_message=_("The member was added."),
        )
    elif op == "conflict":
        member = get_object_or_404(
            CouncilMember, council__round=round_, pk=request.POST.get("member") or 0
        )
        producer = Producer.objects.filter(public_code=request.POST.get("producer", "")).first()
        if producer is None:
            messages.error(request, _("No producer has this code."))
            return
        _act(
            request,
            lambda: services.conflict_declare(
                actor=request.user,
                member=member,
                producer=producer,
                note=request.POST.get("note", ""),
            ),
            success_message=_("The conflict of interest was recorded."),
        )


# --------------------------------------------------------------------------- enrolments


def _evaluation_enrolment(request, code):
    return get_object_or_404(selectors.enrolments_for_evaluation(request.user), public_code=code)


@login_required
def enrolment_detail(request, code):
    enrolment = _evaluation_enrolment(request, code)
    sheets = selectors.sheets_visible_to(request.user).filter(assignment__enrolment=enrolment)
    sheets = sheets.order_by("assignment__member__position", "assignment__member_id")
    own = sheets.filter(assignment__member__user=request.user).first()
    result = Result.objects.filter(enrolment=enrolment).first()
    can_manage = services.can_manage_round(request.user, enrolment.round)
    is_chair = services.chair_of(enrolment.round, request.user) is not None
    members = (
        CouncilMember.objects.filter(council__round=enrolment.round, active=True)
        .select_related("user", "council")
        .order_by("council_id", "position", "id")
    )
    return render(
        request,
        "evaluation/enrolment.html",
        {
            "enrolment": enrolment,
            "sheets": sheets,
            "own": own,
            "result": result,
            "can_manage": can_manage,
            "is_chair": is_chair,
            "members": members if can_manage else [],
        },
    )


@login_required
@require_POST
def assign(request, code):
    enrolment = _evaluation_enrolment(request, code)
    if not services.can_manage_round(request.user, enrolment.round):
        raise PermissionDenied
    member = get_object_or_404(
        CouncilMember, council__round=enrolment.round, pk=request.POST.get("member") or 0
    )
    _act(
        request,
        lambda: services.member_assign(actor=request.user, enrolment=enrolment, member=member),
        success_message=_("The member was assigned."),
    )
    return redirect("evaluation:enrolment", code=enrolment.public_code)


@login_required
@require_POST
def result(request, code):
    enrolment = _evaluation_enrolment(request, code)
    manager = services.can_manage_round(request.user, enrolment.round)
    chair = services.chair_of(enrolment.round, request.user) is not None
    if not (manager or chair):
        raise PermissionDenied
    if request.POST.get("op") == "finalise":
        current = get_object_or_404(Result, enrolment=enrolment)
        _act(
            request,
            lambda: services.result_finalise(
                actor=request.user,
                result=current,
                override_reason=request.POST.get("override_reason", ""),
            ),
            success_message=_("The result is final."),
        )
    else:
        _act(
            request,
            lambda: services.result_compute(actor=request.user, enrolment=enrolment),
            success_message=_("The result was computed."),
        )
    return redirect("evaluation:enrolment", code=enrolment.public_code)


# --------------------------------------------------------------------------- score sheets


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


@login_required
def sheet(request, code):
    own = _own_sheet(request, code)
    sheet_def = services.sheet_of(own.assignment.enrolment.product_set)
    answers = own.answers
    if request.method == "POST":
        try:
            answers = _choices_from_post(sheet_def, request.POST)
            version = int(request.POST.get("version") or 0)
            if request.POST.get("op") == "submit":
                services.sheet_submit(
                    actor=request.user, sheet=own, answers=answers, version=version
                )
                messages.success(request, _("Your score sheet was submitted."))
            else:
                services.sheet_save_draft(
                    actor=request.user, sheet=own, answers=answers, version=version
                )
                messages.success(request, _("Your draft was saved."))
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
    return render(
        request, "evaluation/my_sheets.html", {"sheets": selectors.my_sheets(request.user)}
    )


# --------------------------------------------------------------------------- history


@login_required
def product_history(request, code):
    product = selectors.product_history_visible(request.user, code)
    if product is None:
        raise Http404
    enrolments = (
        selectors.enrolments_visible_to(request.user)
        .filter(product=product)
        .select_related("result")
        .order_by("round__year", "round__number", "id")
    )
    sheets = (
        selectors.sheets_visible_to(request.user)
        .filter(assignment__enrolment__product=product)
        .order_by("assignment__enrolment_id", "assignment__member_id")
    )
    by_enrolment: dict[int, list] = {}
    for item in sheets:
        by_enrolment.setdefault(item.assignment.enrolment_id, []).append(item)
    rows = [{"enrolment": e, "sheets": by_enrolment.get(e.pk, [])} for e in enrolments]
    return render(
        request,
        "evaluation/history.html",
        {
            "product": product,
            "rows": rows,
            "levels": RoundLevel,
            "statuses": EnrolmentStatus,
        },
    )
