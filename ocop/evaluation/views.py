"""Evaluation pages under /danh-gia/: rounds, councils, enrolment, assignment, the member's
score form (HTMX live total), results and a product's whole history.

Views call the services; what a user may open comes from the selectors (404 otherwise), what
they may do from the services' refusals (403 for a missing right)."""

from __future__ import annotations

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied
from django.http import Http404
from django.shortcuts import get_object_or_404, redirect, render
from django.utils.translation import gettext as _
from django.utils.translation import ngettext
from django.views.decorators.http import require_POST

from ocop.accounts import permissions as perms
from ocop.core.web import confirmed, form_action
from ocop.core.web import run_action as _act
from ocop.evaluation import selectors, services
from ocop.evaluation.forms import RoundForm
from ocop.evaluation.lifecycle import ROUND_TRANSITIONS
from ocop.evaluation.models import (
    Council,
    CouncilMember,
    Enrolment,
    EnrolmentStatus,
    Result,
    RoundLevel,
    RoundStatus,
)
from ocop.registry.models import Dossier


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


def _managed_round(request, code):
    """The round (404 when out of sight), 403 unless the user manages it."""
    round_ = _visible_round(request, code)
    if not services.can_manage_round(request.user, round_):
        raise PermissionDenied
    return round_


@login_required
def round_detail(request, code):
    round_ = _visible_round(request, code)
    enrolments = (
        selectors.enrolments_for_evaluation(request.user)
        .filter(round=round_)
        .select_related("result")
        .order_by("product__name", "id")
    )
    can_manage = services.can_manage_round(request.user, round_)
    taking = can_manage and round_.status in (RoundStatus.PLANNED, RoundStatus.OPEN)
    return render(
        request,
        "evaluation/round.html",
        {
            "round": round_,
            "enrolments": enrolments,
            "can_manage": can_manage,
            "can_edit": can_manage and round_.status == RoundStatus.PLANNED,
            "can_cancel": can_manage
            and RoundStatus.CANCELLED in ROUND_TRANSITIONS[round_.status]
            and not enrolments.exists(),
            "waiting": selectors.dossiers_for_round(round_) if taking else [],
            "members": _active_members(round_) if can_manage else [],
            "councils": selectors.councils_of(round_),
        },
    )


def _active_members(round_):
    return (
        CouncilMember.objects.filter(council__round=round_, active=True)
        .select_related("user", "council")
        .order_by("council_id", "position", "id")
    )


@login_required
def round_edit(request, code):
    """Change a round until it opens (``round_update``)."""
    round_ = _managed_round(request, code)
    initial = {name: getattr(round_, name) for name in RoundForm.base_fields}
    form = RoundForm(request.POST or None, user=request.user, initial=initial)
    done, _value = form_action(
        request,
        form,
        lambda data: services.round_update(actor=request.user, round_=round_, **data),
        success_message=_("The round was changed."),
    )
    if done:
        return redirect("evaluation:round", code=round_.public_code)
    return render(request, "evaluation/round_form.html", {"form": form, "round": round_})


@login_required
def round_cancel(request, code):
    """Cancel a round with a reason (before any product is enrolled)."""
    round_ = _managed_round(request, code)
    if request.method == "POST":
        if not confirmed(request):
            messages.error(request, _('Tick "I confirm" to cancel the round.'))
        elif _act(
            request,
            lambda: services.round_cancel(
                actor=request.user, round_=round_, reason=request.POST.get("reason", "")
            ),
            success_message=_("The round was cancelled."),
        ):
            return redirect("evaluation:round", code=round_.public_code)
    return render(request, "evaluation/round_cancel.html", {"round": round_})


@login_required
@require_POST
def round_action(request, code, action):
    round_ = _managed_round(request, code)
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
    """Enrol the dossiers ticked in the round's queue (or one typed code): all or nothing."""
    round_ = _managed_round(request, code)
    codes = [
        c.strip() for c in request.POST.getlist("dossiers") + [request.POST.get("dossier", "")]
    ]
    codes = [c for c in codes if c]
    found = list(Dossier.objects.filter(public_code__in=codes).select_related("product"))
    if len(found) != len(set(codes)):
        messages.error(request, _("No dossier has this code."))
    else:
        _act(
            request,
            lambda: services.enrolments_add(actor=request.user, round_=round_, dossiers=found),
            success_message=ngettext(
                "%(count)s product was enrolled.", "%(count)s products were enrolled.", len(found)
            )
            % {"count": len(found)},
        )
    return redirect("evaluation:round", code=round_.public_code)


@login_required
@require_POST
def round_assign(request, code):
    """Assign the ticked members to the ticked products of the round: all or nothing."""
    round_ = _managed_round(request, code)
    _assign_many(
        request,
        round_.enrolments.filter(public_code__in=request.POST.getlist("enrolments")),
        _active_members(round_).filter(pk__in=_ids(request.POST.getlist("members"))),
    )
    return redirect("evaluation:round", code=round_.public_code)


def _ids(values) -> list[int]:
    return [int(v) for v in values if str(v).isdigit()]


def _assign_many(request, enrolments, members) -> None:
    enrolments = list(enrolments.select_related("product"))
    members = list(members)
    _act(
        request,
        lambda: services.members_assign(actor=request.user, enrolments=enrolments, members=members),
        success_message=_("The members were assigned."),
    )


@login_required
def council(request, code):
    round_ = _visible_round(request, code)
    can_manage = services.can_manage_round(request.user, round_)
    if request.method == "POST":
        if not can_manage:
            raise PermissionDenied
        _council_post(request, round_)
        return redirect("evaluation:council", code=round_.public_code)
    query = request.GET.get("q", "").strip()[:100]
    return render(
        request,
        "evaluation/council.html",
        {
            "round": round_,
            "councils": selectors.councils_of(round_),
            "can_manage": can_manage,
            "query": query,
            "candidates": selectors.member_candidates(round_, query)[:200] if can_manage else [],
            "enrolled_producers": selectors.producers_enrolled_in(round_) if can_manage else [],
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
        user = selectors.member_candidates(round_).filter(pk=request.POST.get("user") or 0).first()
        if user is None:
            messages.error(request, _("Choose a member from the list of accounts."))
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
        producer = (
            selectors.producers_enrolled_in(round_)
            .filter(public_code=request.POST.get("producer", ""))
            .first()
        )
        if producer is None:
            messages.error(request, _("Choose a producer whose product is in this round."))
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
    members = _active_members(enrolment.round)
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
    chosen = _ids(request.POST.getlist("member"))
    _assign_many(
        request,
        Enrolment.objects.filter(pk=enrolment.pk),
        _active_members(enrolment.round).filter(pk__in=chosen),
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
    if request.POST.get("op") == "finalise" and not confirmed(request):
        messages.error(request, _('Tick "I confirm" to finalise the result.'))
    elif request.POST.get("op") == "finalise":
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


@login_required
def results_queue(request):
    """Results waiting to be computed or finalised, in rounds the user manages or chairs."""
    return render(
        request,
        "evaluation/results_queue.html",
        {"enrolments": selectors.results_to_finalise(request.user)},
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
