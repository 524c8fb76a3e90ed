"""Pages of post-recognition inspections (/chuong-trinh/hau-kiem/)."""

from __future__ import annotations

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied
from django.shortcuts import get_object_or_404, redirect, render
from django.utils import timezone
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from ocop.core.exceptions import DomainError
from ocop.core.forms import labelled
from ocop.core.web import confirmed, form_action, post_action
from ocop.programme.models import CaseStatus, CorrectiveAction, VisitOutcome, VisitStatus
from ocop.programme.selectors import inspections as sel
from ocop.programme.selectors.misuse import cases_visible_to
from ocop.programme.services import inspections as services
from ocop.programme.views._followup import page_of
from ocop.programme.views.inspect_forms import (
    ActionForm,
    ActionMoveForm,
    ChecklistForm,
    CloseForm,
    FindingForm,
    PlanForm,
    SelectForm,
    VisitForm,
    VisitStartForm,
)
from ocop.registry.files import stream_document

T = "programme/inspect/"


def _plan(request, code):
    return get_object_or_404(sel.plans_visible_to(request.user), public_code=code)


def _visit(request, code):
    return get_object_or_404(sel.visits_visible_to(request.user), public_code=code)


def _require_planner(request, plan) -> None:
    if not sel.may_plan(request.user, plan.province):
        raise PermissionDenied


def _require_worker(request, visit) -> None:
    if not sel.may_work_visit(request.user, visit):
        raise PermissionDenied


def _may_plan_somewhere(user) -> bool:
    return user.is_superuser or bool(sel.planning_provinces(user))


@login_required
def plans(request):
    """Plans in sight, the visits assigned to me, and (for planners) a new plan."""
    may_plan = _may_plan_somewhere(request.user)
    if request.method == "POST" and not may_plan:
        raise PermissionDenied
    form = PlanForm(request.POST or None, user=request.user) if may_plan else None
    if form is not None:
        done, plan = form_action(
            request,
            form,
            lambda d: services.inspection_plan_create(actor=request.user, **d),
            success_message=_("The inspection plan is created."),
        )
        if done:
            return redirect("programme:inspection_plan", code=plan.public_code)
    visits = (
        sel.visits_assigned_to(request.user)
        .exclude(status=VisitStatus.CLOSED)
        .select_related("product", "plan")
    )
    return render(
        request,
        T + "plans.html",
        {
            "page": page_of(request, sel.plans_visible_to(request.user)),
            "visits": visits,
            "form": form,
        },
    )


@login_required
def plan_detail(request, code):
    plan = _plan(request, code)
    may_plan = sel.may_plan(request.user, plan.province)
    visits = sel.visits_visible_to(request.user).filter(plan=plan).prefetch_related("inspectors")
    return render(
        request,
        T + "plan.html",
        {
            "plan": plan,
            "page": page_of(request, visits),
            "may_plan": may_plan,
            "select_form": SelectForm(plan=plan) if may_plan else None,
        },
    )


@login_required
@require_POST
def plan_select(request, code):
    plan = _plan(request, code)
    _require_planner(request, plan)
    form = SelectForm(request.POST, plan=plan)
    done, visits = form_action(
        request,
        form,
        lambda d: services.inspection_visits_select(actor=request.user, plan=plan, **d),
        success_message=lambda v: _("%(n)s visits planned.") % {"n": len(v)},
    )
    if not done:
        visits = sel.visits_visible_to(request.user).filter(plan=plan)
        return render(
            request,
            T + "plan.html",
            {"plan": plan, "visits": visits, "may_plan": True, "select_form": form},
            status=200,
        )
    return redirect("programme:inspection_plan", code=plan.public_code)


@login_required
def visit_add(request, code):
    """Plan one visit by hand; opened from a confirmed misuse case, the product is given."""
    plan = _plan(request, code)
    _require_planner(request, plan)
    initial = {}
    report_code = request.GET.get("phan-anh", "")
    if report_code:
        report = (
            cases_visible_to(request.user)
            .filter(code=report_code, status=CaseStatus.CONFIRMED)
            .first()
        )
        if report is not None and report.product_id:
            initial = {"product": report.product_id, "misuse_report": report.code}
    form = VisitForm(request.POST or None, initial=initial, user=request.user, plan=plan)

    def add(data):
        report = None
        if data["misuse_report"]:
            report = cases_visible_to(request.user).filter(code=data["misuse_report"]).first()
            if report is None:
                raise DomainError(_("Unknown misuse case."), field="product")
        return services.inspection_visit_add(
            actor=request.user,
            plan=plan,
            product=data["product"],
            planned_on=data["planned_on"],
            inspectors=data["inspectors"],
            misuse_report=report,
        )

    done, visit = form_action(request, form, add, success_message=_("The visit is planned."))
    if done:
        return redirect("programme:inspection_visit", code=visit.public_code)
    return render(request, T + "visit_form.html", {"plan": plan, "form": form})


@login_required
def visit_detail(request, code):
    visit = _visit(request, code)
    may_work = sel.may_work_visit(request.user, visit)
    is_open = visit.status in (VisitStatus.IN_PROGRESS, VisitStatus.FINDINGS_RECORDED)
    return render(
        request,
        T + "visit.html",
        {
            "visit": visit,
            "may_work": may_work,
            "is_open": is_open,
            "checklist": visit.checklist.all(),
            "findings": visit.findings.all(),
            "actions": visit.actions.all(),
            "inspectors": visit.inspectors.all(),
            "start_form": VisitStartForm(initial={"visited_on": timezone.localdate()})
            if may_work and visit.status == VisitStatus.PLANNED
            else None,
            "checklist_form": ChecklistForm(visit=visit) if may_work and is_open else None,
            "finding_form": FindingForm() if may_work and is_open else None,
            "action_form": ActionForm()
            if may_work and visit.status == VisitStatus.FINDINGS_RECORDED
            else None,
            "action_move_form": ActionMoveForm() if may_work else None,
            "close_form": CloseForm() if may_work and is_open else None,
        },
    )


def _visit_form(request, code, make_form, call, message, *, require_confirm=False):
    """A POST of one of the visit page's forms: the service's refusal or the form's errors
    become messages on the visit page."""
    visit = _visit(request, code)
    _require_worker(request, visit)
    form = make_form(visit)
    if form.is_valid():
        post_action(
            request,
            lambda: call(visit, form.cleaned_data),
            success_message=message,
            redirect_to="programme:inspection_visit",
            code=visit.public_code,
        )
    else:
        for field, errors in form.errors.items():
            label = form.fields[field].label if field in form.fields else ""
            for error in errors:
                messages.error(request, labelled(error, label))
    return redirect("programme:inspection_visit", code=visit.public_code)


@login_required
@require_POST
def visit_start(request, code):
    return _visit_form(
        request,
        code,
        lambda v: VisitStartForm(request.POST),
        lambda v, d: services.inspection_visit_start(
            actor=request.user, visit=v, visited_on=d["visited_on"]
        ),
        _("The visit has started."),
    )


@login_required
@require_POST
def visit_checklist(request, code):
    return _visit_form(
        request,
        code,
        lambda v: ChecklistForm(request.POST, visit=v),
        lambda v, d: services.inspection_checklist_record(
            actor=request.user, visit=v, entries=ChecklistForm.entries_from(d)
        ),
        _("The checklist is saved."),
    )


@login_required
@require_POST
def finding_add(request, code):
    return _visit_form(
        request,
        code,
        lambda v: FindingForm(request.POST, request.FILES),
        lambda v, d: services.inspection_finding_add(actor=request.user, visit=v, **d),
        _("The finding is recorded."),
    )


@login_required
def finding_file(request, code, finding):
    visit = _visit(request, code)
    item = get_object_or_404(visit.findings.exclude(file=""), pk=finding)
    return stream_document(item)


@login_required
@require_POST
def action_add(request, code):
    return _visit_form(
        request,
        code,
        lambda v: ActionForm(request.POST),
        lambda v, d: services.corrective_action_add(actor=request.user, visit=v, **d),
        _("The corrective action is added."),
    )


@login_required
@require_POST
def action_move(request, code, action):
    def call(visit, data):
        item = get_object_or_404(CorrectiveAction, visit=visit, pk=action)
        return services.corrective_action_move(actor=request.user, action=item, **data)

    return _visit_form(
        request,
        code,
        lambda v: ActionMoveForm(request.POST),
        call,
        _("The follow-up is recorded."),
    )


@login_required
def visit_close(request, code):
    """Close a visit with its outcome; a revocation asks the "I confirm" box."""
    visit = _visit(request, code)
    _require_worker(request, visit)
    form = CloseForm(request.POST or None)

    def close(data):
        if data["outcome"] == VisitOutcome.REVOCATION and not confirmed(request):
            raise DomainError(_("Tick the box to confirm the revocation."), field="outcome")
        return services.inspection_visit_close(actor=request.user, visit=visit, **data)

    done, _value = form_action(request, form, close, success_message=_("The visit is closed."))
    if done:
        return redirect("programme:inspection_visit", code=visit.public_code)
    return render(request, T + "visit_close.html", {"visit": visit, "form": form})
