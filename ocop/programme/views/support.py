"""Support pages: funding sources, allocations, and what became of the supported products,
shown per source."""

from __future__ import annotations

from django.core.exceptions import PermissionDenied
from django.shortcuts import get_object_or_404, redirect, render
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from ocop.accounts.models import Role
from ocop.core.web import form_action, post_action
from ocop.programme.forms.followup import AllocationForm, SourceForm
from ocop.programme.models import AllocationStatus
from ocop.programme.officers import may_run_province, officer_roles
from ocop.programme.selectors import support as selectors
from ocop.programme.services import support as services
from ocop.programme.views._followup import reader_required


def _runs_a_province(user) -> bool:
    return user.is_superuser or any(ra.role == Role.PROVINCE_OFFICE for ra in officer_roles(user))


@reader_required
def support_index(request):
    sources = selectors.sources_visible_to(request.user).order_by("-year", "name")
    allocations = selectors.allocations_visible_to(request.user)
    summaries = [selectors.source_summary(source, allocations) for source in sources[:50]]
    return render(
        request,
        "programme/support/index.html",
        {
            "summaries": summaries,
            "can_add_source": _runs_a_province(request.user),
            "can_propose": bool(officer_roles(request.user)) or request.user.is_superuser,
        },
    )


@reader_required
def source_create(request):
    if not _runs_a_province(request.user):
        raise PermissionDenied
    form = SourceForm(request.POST or None, user=request.user)
    done, source = form_action(
        request,
        form,
        lambda data: services.source_create(actor=request.user, **data),
        success_message=_("The funding source was recorded."),
    )
    if done:
        return redirect("programme:source_detail", code=source.public_code)
    return render(
        request, "programme/support/form.html", {"form": form, "title": _("New funding source")}
    )


@reader_required
def source_detail(request, code):
    source = get_object_or_404(selectors.sources_visible_to(request.user), public_code=code)
    summary = selectors.source_summary(source, selectors.allocations_visible_to(request.user))
    return render(
        request,
        "programme/support/source.html",
        {
            "summary": summary,
            "source": source,
            "can_edit": may_run_province(request.user, source.unit),
        },
    )


@reader_required
def source_edit(request, code):
    source = get_object_or_404(selectors.sources_visible_to(request.user), public_code=code)
    if not may_run_province(request.user, source.unit):
        raise PermissionDenied
    initial = {name: getattr(source, name) for name in services.SOURCE_FIELDS}
    initial["unit"] = source.unit
    form = SourceForm(request.POST or None, user=request.user, initial=initial)
    form.fields["unit"].disabled = True
    done, _value = form_action(
        request,
        form,
        lambda data: services.source_update(
            actor=request.user,
            source=source,
            **{k: v for k, v in data.items() if k in services.SOURCE_FIELDS},
        ),
        success_message=_("The funding source was saved."),
    )
    if done:
        return redirect("programme:source_detail", code=source.public_code)
    return render(
        request,
        "programme/support/form.html",
        {"form": form, "title": _("Edit the funding source")},
    )


@reader_required
def allocation_create(request):
    if not (officer_roles(request.user) or request.user.is_superuser):
        raise PermissionDenied
    sources = selectors.sources_visible_to(request.user).order_by("-year", "name")
    form = AllocationForm(request.POST or None, user=request.user, sources=sources)
    done, allocation = form_action(
        request,
        form,
        lambda data: services.allocation_propose(actor=request.user, **data),
        success_message=_("The support was proposed; the provincial office approves it."),
    )
    if done:
        return redirect("programme:allocation_detail", code=allocation.public_code)
    return render(
        request, "programme/support/form.html", {"form": form, "title": _("Propose support")}
    )


@reader_required
def allocation_detail(request, code):
    allocation = get_object_or_404(selectors.allocations_visible_to(request.user), public_code=code)
    moves = [
        (status, AllocationStatus(status).label)
        for status in sorted(services.TRANSITIONS[allocation.status])
        if services.may_move(request.user, allocation, status)
    ]
    return render(
        request,
        "programme/support/allocation.html",
        {
            "allocation": allocation,
            "outcome": selectors.outcomes([allocation])[allocation.pk],
            "moves": moves,
        },
    )


@reader_required
@require_POST
def allocation_move(request, code):
    allocation = get_object_or_404(selectors.allocations_visible_to(request.user), public_code=code)
    return post_action(
        request,
        lambda: services.allocation_move(
            actor=request.user, allocation=allocation, to=request.POST.get("to", "")
        ),
        success_message=_("The allocation's status was changed."),
        redirect_to="programme:allocation_detail",
        code=allocation.public_code,
    )
