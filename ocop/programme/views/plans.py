"""Plan pages under /chuong-trinh/ke-hoach/: list, record and edit a plan, its targets per unit
and milestones, live progress (table, chart, export) and a unit's dashboard. Reads go through
the selectors (out of sight: 404), writes through the services."""

from __future__ import annotations

import datetime

from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied
from django.http import Http404, HttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from ocop.accounts import permissions as perms
from ocop.accounts.scope import scope_for
from ocop.core.dates import parse_day
from ocop.core.exceptions import DomainError
from ocop.core.forms import labelled
from ocop.core.web import form_action, post_action, run_action
from ocop.geo.display import attach_current, unit_label
from ocop.programme import measures
from ocop.programme.models import Milestone
from ocop.programme.plan_chart import progress_bars
from ocop.programme.plan_export import progress_xlsx
from ocop.programme.selectors.plans import (
    plan_units,
    plans_managed_by,
    plans_visible_to,
    reach_paths,
)
from ocop.programme.selectors.progress import plan_progress
from ocop.programme.services import plans as services
from ocop.programme.views.plans_forms import MilestoneForm, PlanCreateForm, PlanForm, plan_initial
from ocop.registry.files import stream_document
from ocop.registry.selectors import dossiers_to_review


def _plan(request, code):
    return get_object_or_404(plans_visible_to(request.user), public_code=code)


def _managed(request, code):
    plan = _plan(request, code)
    if not plans_managed_by(request.user).filter(pk=plan.pk).exists():
        raise PermissionDenied
    return plan


def _may_create(user) -> bool:
    return perms.has_capability(user, perms.MANAGE_PLANS)


@login_required
def plan_list(request):
    if not perms.has_capability(request.user, perms.VIEW_ALL):
        raise PermissionDenied
    plans = plans_visible_to(request.user)
    year = request.GET.get("nam", "")
    if year.isdigit():
        plans = plans.filter(year=int(year))
    plans = list(plans.order_by("-year", "province__name", "number")[:200])
    attach_current([p.province for p in plans])
    rows = [{"plan": p, "province": unit_label(p.province, p.map_day)} for p in plans]
    return render(
        request,
        "programme/plans/list.html",
        {"rows": rows, "year": year, "can_create": _may_create(request.user)},
    )


@login_required
def plan_create(request):
    if not _may_create(request.user):
        raise PermissionDenied
    form = PlanCreateForm(request.POST or None, request.FILES or None, user=request.user)
    done, plan = form_action(
        request,
        form,
        lambda data: services.plan_create(actor=request.user, **data),
        success_message=_("The plan was recorded."),
    )
    if done:
        return redirect("programme:plan_detail", code=plan.public_code)
    return render(request, "programme/plans/form.html", {"form": form, "title": _("New plan")})


@login_required
def plan_edit(request, code):
    plan = _managed(request, code)
    form = PlanForm(request.POST or None, request.FILES or None, initial=plan_initial(plan))
    done, _value = form_action(
        request,
        form,
        lambda data: services.plan_update(actor=request.user, plan=plan, **data),
        success_message=_("The changes were saved."),
    )
    if done:
        return redirect("programme:plan_detail", code=plan.public_code)
    return render(
        request, "programme/plans/form.html", {"form": form, "title": _("Edit plan"), "plan": plan}
    )


@login_required
def plan_text(request, code):
    plan = _plan(request, code)
    if not plan.text:
        raise Http404
    return stream_document(_TextFile(plan))


class _TextFile:
    """The plan's text as ``stream_document`` reads a document."""

    def __init__(self, plan):
        self.file = plan.text
        self.original_name = plan.text_name
        self.content_type = plan.text_type


@login_required
def plan_detail(request, code):
    plan = _plan(request, code)
    managed = plans_managed_by(request.user).filter(pk=plan.pk).exists()
    progress = plan_progress(plan)
    return render(
        request,
        "programme/plans/detail.html",
        {
            "plan": plan,
            "province": unit_label(plan.province, plan.map_day),
            "progress": progress,
            "managed": managed,
            "milestone_form": MilestoneForm() if managed else None,
        },
    )


def _grid(plan):
    units = list(plan_units(plan))
    attach_current(units)
    values = {(t.unit_id, t.measure): t.value for t in plan.targets.all()}
    keys = [m.key for m in measures.ordered()]
    return [
        {
            "unit": u,
            "label": unit_label(u, plan.map_day),
            "cells": [{"name": f"t-{u.pk}-{k}", "value": values.get((u.pk, k), "")} for k in keys],
        }
        for u in units
    ]


def _posted_targets(post) -> dict:
    values = {}
    for name, raw in post.items():
        if not name.startswith("t-"):
            continue
        _t, unit_id, key = name.split("-", 2)
        text = (raw or "").strip()
        if not unit_id.isdigit() or (text and not text.isdigit()):
            raise DomainError(_("Targets are whole numbers (leave empty for none)."))
        values[(int(unit_id), key)] = int(text) if text else None
    return values


@login_required
def plan_targets(request, code):
    plan = _managed(request, code)
    if request.method == "POST":

        def save():
            return services.targets_set(
                actor=request.user, plan=plan, values=_posted_targets(request.POST)
            )

        if run_action(request, save, success_message=_("The targets were saved.")) is not None:
            return redirect("programme:plan_detail", code=plan.public_code)
    return render(
        request,
        "programme/plans/targets.html",
        {"plan": plan, "measures": measures.ordered(), "rows": _grid(plan)},
    )


@login_required
@require_POST
def plan_milestone_add(request, code):
    plan = _managed(request, code)
    form = MilestoneForm(request.POST)
    if not form.is_valid():
        for field, errors in form.errors.items():
            for error in errors:
                message = labelled(error, form.fields[field].label if field in form.fields else "")
                run_action(request, _refuse(message), success_message="")
        return redirect("programme:plan_detail", code=plan.public_code)
    return post_action(
        request,
        lambda: services.milestone_add(actor=request.user, plan=plan, **form.cleaned_data),
        success_message=_("The milestone was added."),
        redirect_to="programme:plan_detail",
        code=plan.public_code,
    )


def _refuse(message):
    def action():
        raise DomainError(message)

    return action


def _milestone(request, code, pk):
    plan = _managed(request, code)
    return get_object_or_404(Milestone, plan=plan, pk=pk)


@login_required
@require_POST
def plan_milestone_mark(request, code, pk):
    stone = _milestone(request, code, pk)
    done_on = None
    if request.POST.get("done"):
        try:
            done_on = (
                parse_day(request.POST.get("done_on", ""))
                if request.POST.get("done_on")
                else timezone.localdate()
            )
        except (ValueError, DomainError):
            done_on = timezone.localdate()
    return post_action(
        request,
        lambda: services.milestone_mark(actor=request.user, milestone=stone, done_on=done_on),
        success_message=_("The milestone was updated."),
        redirect_to="programme:plan_detail",
        code=code,
    )


@login_required
@require_POST
def plan_milestone_remove(request, code, pk):
    stone = _milestone(request, code, pk)
    return post_action(
        request,
        lambda: services.milestone_remove(actor=request.user, milestone=stone),
        success_message=_("The milestone was removed."),
        redirect_to="programme:plan_detail",
        code=code,
    )


def _day(request) -> datetime.date:
    text = request.GET.get("ngay", "")
    if text:
        try:
            return parse_day(text)
        except (ValueError, DomainError):
            pass
    return timezone.localdate()


@login_required
def plan_progress_page(request, code):
    plan = _plan(request, code)
    progress = plan_progress(plan, on=_day(request))
    return render(
        request,
        "programme/plans/progress.html",
        {"plan": plan, "progress": progress, "chart": progress_bars(progress)},
    )


@login_required
def plan_progress_export(request, code):
    plan = _plan(request, code)
    progress = plan_progress(plan, on=_day(request))
    response = HttpResponse(
        progress_xlsx(progress),
        content_type="application/vnd.openxmlformats-officedocument.spreadsheetml.sheet",
    )
    response["Content-Disposition"] = (
        f'attachment; filename="tien-do-{plan.year}-{plan.public_code}.xlsx"'
    )
    return response


@login_required
def plan_dashboard(request):
    """A unit's dashboard: for each plan of this year or the next that names the user's
    units, the targets behind, the milestones due, and the dossiers waiting for review."""
    if not perms.has_capability(request.user, perms.VIEW_ALL):
        raise PermissionDenied
    today = timezone.localdate()
    scope = scope_for(request.user)
    within = None if scope.everything else reach_paths(request.user)
    plans = plans_visible_to(request.user).filter(year__in=[today.year, today.year + 1])
    boards = []
    for plan in plans.order_by("-year", "number")[:10]:
        progress = plan_progress(plan, on=today, within=within)
        soon = today + datetime.timedelta(days=60)
        boards.append(
            {
                "plan": plan,
                "progress": progress,
                "behind": [r for r in progress.units if r.behind()],
                "due": [
                    s for s in progress.milestones if not s.done and s.milestone.deadline <= soon
                ],
            }
        )
    return render(
        request,
        "programme/plans/dashboard.html",
        {
            "boards": boards,
            "review_count": dossiers_to_review(request.user).count(),
            "review_url": reverse("registry:dossier_list") + "?trang_thai=submitted",
        },
    )
