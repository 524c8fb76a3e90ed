"""Pages where officers run the accounts of their scope, and where producers ask for one."""

from __future__ import annotations

from django.conf import settings
from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied
from django.db.models import Q
from django.shortcuts import get_object_or_404, redirect, render
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from ocop.accounts import services
from ocop.accounts.client import within_limit
from ocop.accounts.forms import (
    AccountCreateForm,
    AccountRequestForm,
    AccountSearchForm,
    RejectForm,
    RoleGrantForm,
)
from ocop.accounts.models import RoleAssignment
from ocop.accounts.permissions import MANAGE_ACCOUNTS, has_capability
from ocop.accounts.rules import accounts_visible_to, requests_visible_to
from ocop.core.web import form_action, post_action


def _manager(request):
    if not has_capability(request.user, MANAGE_ACCOUNTS):
        raise PermissionDenied
    return request.user


def _account(request, pk):
    return get_object_or_404(accounts_visible_to(_manager(request)), pk=pk)


def _role_kwargs(data: dict) -> dict:
    return {
        "role": data["role"],
        "unit": data["unit"],
        "department": data["department"],
        "product_sets": data["product_sets"],
    }


@login_required
def account_list(request):
    actor = _manager(request)
    form = AccountSearchForm(request.GET or None, actor=actor)
    accounts = accounts_visible_to(actor)
    if form.is_bound and form.is_valid():
        data = form.cleaned_data
        if data["q"]:
            accounts = accounts.filter(
                Q(username__icontains=data["q"])
                | Q(full_name__icontains=data["q"])
                | Q(email__icontains=data["q"])
            )
        if data["role"]:
            accounts = accounts.filter(roles__role=data["role"], roles__active=True)
        if data["unit"]:
            accounts = accounts.filter(roles__unit=data["unit"], roles__active=True)
    accounts = accounts.distinct().prefetch_related("roles__unit", "roles__producer")[:200]
    return render(request, "accounts/account_list.html", {"form": form, "accounts": accounts})


@login_required
def account_create(request):
    actor = _manager(request)
    form = AccountCreateForm(request.POST or None, actor=actor)
    done, user = form_action(
        request,
        form,
        lambda d: services.account_create(
            actor=actor,
            username=d["username"],
            full_name=d["full_name"],
            email=d["email"],
            phone=d["phone"],
            **_role_kwargs(d),
        ),
        success_message=lambda u: (
            _("Account %(username)s created; the invitation is sent.") % {"username": u.username}
        ),
    )
    if done:
        return redirect("accounts:account_detail", pk=user.pk)
    return render(request, "accounts/account_form.html", {"form": form})


@login_required
def account_detail(request, pk):
    user = _account(request, pk)
    roles = user.roles.select_related("unit", "producer").order_by("-active", "-created_at")
    form = RoleGrantForm(actor=request.user)
    return render(
        request, "accounts/account_detail.html", {"account": user, "roles": roles, "form": form}
    )


@login_required
@require_POST
def role_grant(request, pk):
    user = _account(request, pk)
    form = RoleGrantForm(request.POST, actor=request.user)
    done, _role = form_action(
        request,
        form,
        lambda d: services.role_grant(actor=request.user, user=user, **_role_kwargs(d)),
        success_message=_("The role is granted."),
    )
    if done:
        return redirect("accounts:account_detail", pk=user.pk)
    roles = user.roles.select_related("unit", "producer").order_by("-active", "-created_at")
    return render(
        request, "accounts/account_detail.html", {"account": user, "roles": roles, "form": form}
    )


@login_required
@require_POST
def role_revoke(request, pk):
    actor = _manager(request)
    assignment = get_object_or_404(
        RoleAssignment.objects.filter(user__in=accounts_visible_to(actor)), pk=pk
    )
    return post_action(
        request,
        lambda: services.role_revoke(actor=actor, assignment=assignment),
        success_message=_("The role has ended."),
        redirect_to="accounts:account_detail",
        pk=assignment.user_id,
    )


def _account_button(service, message):
    @login_required
    @require_POST
    def view(request, pk):
        user = _account(request, pk)
        return post_action(
            request,
            lambda: service(actor=request.user, user=user),
            success_message=message,
            redirect_to="accounts:account_detail",
            pk=user.pk,
        )

    return view


account_invite = _account_button(services.account_invite, _("The invitation is sent."))
account_deactivate = _account_button(services.account_deactivate, _("The account is deactivated."))
account_reactivate = _account_button(services.account_reactivate, _("The account is active again."))


def account_request_new(request):
    """The public form where a producer asks for an account; each client address may send
    ``ACCOUNT_REQUEST_LIMIT`` requests an hour."""
    form = AccountRequestForm(request.POST or None)
    if request.method == "POST" and not within_limit(
        request, "account-request", limit=settings.ACCOUNT_REQUEST_LIMIT, seconds=3600
    ):
        messages.error(
            request,
            _(
                "Too many account requests have been sent from your connection. Please try "
                "again in an hour, or ask the OCOP officer of your commune."
            ),
        )
        return render(request, "accounts/request_form.html", {"form": form}, status=429)
    done, _value = form_action(
        request,
        form,
        lambda d: services.account_request(**d),
        success_message=_(
            "Your request is sent to the commune. You will receive an e-mail once it is decided."
        ),
    )
    if done:
        return redirect("accounts:request_sent")
    return render(request, "accounts/request_form.html", {"form": form})


def account_request_sent(request):
    return render(request, "accounts/request_sent.html")


@login_required
def request_list(request):
    actor = _manager(request)
    return render(
        request,
        "accounts/request_list.html",
        {"requests": requests_visible_to(actor)[:200], "reject_form": RejectForm()},
    )


@login_required
@require_POST
def request_reject(request, pk):
    actor = _manager(request)
    account_request = get_object_or_404(requests_visible_to(actor), pk=pk)
    form = RejectForm(request.POST)
    reason = form.cleaned_data["reason"] if form.is_valid() else ""
    return post_action(
        request,
        lambda: services.account_request_reject(
            actor=actor, account_request=account_request, reason=reason
        ),
        success_message=_("The request is rejected; the requester is told by e-mail."),
        redirect_to="accounts:requests",
    )
