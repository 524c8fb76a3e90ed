"""Training pages: sessions of the units in scope, their attendees and attendance."""

from __future__ import annotations

from django.core.exceptions import PermissionDenied
from django.shortcuts import get_object_or_404, redirect, render
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from ocop.core.web import form_action, post_action
from ocop.programme.forms.followup import SessionForm
from ocop.programme.officers import may_act_in, officer_roles
from ocop.programme.selectors import training as selectors
from ocop.programme.services import training as services
from ocop.programme.views._followup import page_of, reader_required


def _session(request, code):
    return get_object_or_404(selectors.sessions_visible_to(request.user), public_code=code)


@reader_required
def training_list(request):
    page = page_of(request, selectors.sessions_visible_to(request.user))
    can_create = bool(officer_roles(request.user)) or request.user.is_superuser
    return render(request, "programme/training/list.html", {"page": page, "can_create": can_create})


@reader_required
def training_create(request):
    if not (officer_roles(request.user) or request.user.is_superuser):
        raise PermissionDenied
    form = SessionForm(request.POST or None, user=request.user)
    done, session = form_action(
        request,
        form,
        lambda data: services.training_create(actor=request.user, **data),
        success_message=_("The training session was recorded; now invite the attendees."),
    )
    if done:
        return redirect("programme:training_detail", code=session.public_code)
    return render(
        request, "programme/training/form.html", {"form": form, "title": _("New training session")}
    )


@reader_required
def training_edit(request, code):
    session = _session(request, code)
    if not may_act_in(request.user, session.organiser):
        raise PermissionDenied
    initial = {name: getattr(session, name) for name in services.SESSION_FIELDS}
    form = SessionForm(request.POST or None, user=request.user, initial=initial)
    done, _value = form_action(
        request,
        form,
        lambda data: services.training_update(actor=request.user, session=session, **data),
        success_message=_("The training session was saved."),
    )
    if done:
        return redirect("programme:training_detail", code=session.public_code)
    return render(
        request,
        "programme/training/form.html",
        {"form": form, "title": _("Edit the training session"), "session": session},
    )


@reader_required
def training_detail(request, code):
    session = _session(request, code)
    can_act = may_act_in(request.user, session.organiser)
    context = {
        "session": session,
        "attendees": selectors.attendees_of(session),
        "can_act": can_act,
    }
    if can_act:
        context["officials"] = selectors.officials_for(session)[:500]
        context["producers"] = selectors.producers_for(session)[:500]
    return render(request, "programme/training/detail.html", context)


def _ids(request, name):
    return [int(v) for v in request.POST.getlist(name) if v.isdigit()]


@reader_required
@require_POST
def training_invite(request, code):
    session = _session(request, code)
    return post_action(
        request,
        lambda: services.training_invite(
            actor=request.user,
            session=session,
            role_ids=_ids(request, "roles"),
            producer_ids=_ids(request, "producers"),
        ),
        success_message=_("The attendees were invited."),
        redirect_to="programme:training_detail",
        code=session.public_code,
    )


@reader_required
@require_POST
def training_attendance(request, code):
    session = _session(request, code)
    return post_action(
        request,
        lambda: services.training_mark_attendance(
            actor=request.user, session=session, present_ids=_ids(request, "present")
        ),
        success_message=_("The attendance was saved."),
        redirect_to="programme:training_detail",
        code=session.public_code,
    )
