"""The user's notifications: the list with mark-read, and the choice of channel."""

from __future__ import annotations

from django.contrib.auth.decorators import login_required
from django.core.paginator import Paginator
from django.shortcuts import get_object_or_404, redirect, render
from django.utils.http import url_has_allowed_host_and_scheme
from django.utils.translation import gettext_lazy as _
from django.views.decorators.http import require_POST

from ocop.core.web import form_action, post_action
from ocop.notifications import selectors, services
from ocop.notifications.forms import PreferenceForm

PAGE_SIZE = 30


@login_required
def notification_list(request):
    page = Paginator(selectors.notifications_of(request.user), PAGE_SIZE).get_page(
        request.GET.get("page")
    )
    return render(
        request,
        "notifications/list.html",
        {"page": page, "unread": selectors.unread_count(request)},
    )


@login_required
@require_POST
def notification_read(request, code):
    """Mark one notification read; with ``open``, go on to the page it points to."""
    notification = get_object_or_404(selectors.notifications_of(request.user), public_code=code)
    if request.POST.get("open") and url_has_allowed_host_and_scheme(
        notification.link, allowed_hosts={request.get_host()}
    ):
        services.notification_mark_read(actor=request.user, notification=notification)
        return redirect(notification.link or "notifications:list")
    return post_action(
        request,
        lambda: services.notification_mark_read(actor=request.user, notification=notification),
        success_message=_("The notification was marked read."),
        redirect_to="notifications:list",
    )


@login_required
@require_POST
def notification_read_all(request):
    return post_action(
        request,
        lambda: services.notifications_mark_all_read(actor=request.user),
        success_message=_("Every notification was marked read."),
        redirect_to="notifications:list",
    )


@login_required
def preferences(request):
    preference = services.preference_of(request.user)
    form = PreferenceForm(
        request.POST if request.method == "POST" else None,
        initial={"channels": preference.channels, "language": preference.language},
    )
    done, _value = form_action(
        request,
        form,
        lambda data: services.preference_set(
            actor=request.user, channels=data["channels"], language=data["language"]
        ),
        success_message=_("Your choice was saved."),
    )
    if done:
        return redirect("notifications:preferences")
    return render(
        request,
        "notifications/preferences.html",
        {"form": form, "has_email": bool(request.user.email)},
    )
