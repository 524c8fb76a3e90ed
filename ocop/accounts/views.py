import base64

import segno
from django.contrib import messages
from django.contrib.auth import views as auth_views
from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied
from django.http import JsonResponse
from django.shortcuts import redirect, render
from django.utils.safestring import mark_safe
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from ocop.accounts import lockout, second_factor
from ocop.accounts.client import client_ip
from ocop.accounts.forms import LoginForm, OtpConfirmForm
from ocop.accounts.permissions import MANAGE_ACCOUNTS, has_capability
from ocop.core.exceptions import DomainError, PermissionDeniedError


class LoginView(auth_views.LoginView):
    template_name = "accounts/login.html"
    authentication_form = LoginForm
    redirect_authenticated_user = True


def locked_out(request, original_response=None, credentials=None):
    """django-axes' answer to a locked-out client: a page (or JSON) saying when to try again."""
    username = (credentials or {}).get("username") or request.POST.get("username") or ""
    until = lockout.retry_at(username=username, ip_address=client_ip(request))
    if request.path.startswith("/api/"):
        body = {"detail": _("Too many failed logins. Try again later.")}
        if until is not None:
            body["retry_at"] = until.isoformat()
        return JsonResponse(body, status=429)
    return render(request, "accounts/locked.html", {"until": until}, status=429)


@login_required
def me(request):
    roles = request.user.roles.filter(active=True).select_related("unit", "producer")
    return render(
        request,
        "accounts/me.html",
        {
            "roles": roles,
            "second_factor": second_factor.device_of(request.user) is not None,
            "can_manage_accounts": has_capability(request.user, MANAGE_ACCOUNTS),
        },
    )


@login_required
def lockout_list(request):
    """Accounts locked after failed logins that the officer looks after."""
    if not has_capability(request.user, MANAGE_ACCOUNTS):
        raise PermissionDenied
    return render(
        request, "accounts/lockouts.html", {"rows": lockout.lockouts_visible_to(request.user)}
    )


@login_required
@require_POST
def lockout_clear(request):
    username = request.POST.get("username", "")
    try:
        lockout.account_unlock(actor=request.user, username=username)
    except PermissionDeniedError as error:
        raise PermissionDenied(str(error)) from error
    messages.success(request, _("%(username)s may log in again.") % {"username": username})
    return redirect("accounts:lockouts")


@login_required
def second_factor_setup(request):
    """Turn on the authenticator code: scan the QR code, then type one code to confirm."""
    if second_factor.device_of(request.user) is not None:
        return render(request, "accounts/second_factor.html", {"enabled": True})
    device = second_factor.pending_device(request.user)
    form = OtpConfirmForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        try:
            second_factor.second_factor_enrol(
                actor=request.user, request=request, token=form.cleaned_data["otp_token"]
            )
        except DomainError as error:
            form.add_error("otp_token", str(error))
        else:
            messages.success(request, _("The second factor is on: logins now ask for a code."))
            return redirect("accounts:me")

    secret = base64.b32encode(device.bin_key).decode()
    qr = segno.make(device.config_url, error="m").svg_inline(scale=4)
    return render(
        request,
        "accounts/second_factor.html",
        {
            "enabled": False,
            "form": form,
            "secret": secret,
            "qr": mark_safe(qr),  # noqa: S308 - SVG made by segno from our own URL
            "required": second_factor.required_for(request.user),
        },
    )
