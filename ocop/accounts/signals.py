"""Logins into the audit log (a side effect of Django's own login signals)."""

from __future__ import annotations

from ocop.accounts.client import client_ip
from ocop.accounts.models import User
from ocop.core.audit import audit_log


def _address(request) -> str | None:
    return client_ip(request) if request is not None else None


def record_login(sender, request, user, **kwargs):
    audit_log(
        actor=user,
        action="accounts.login.succeeded",
        obj=user,
        new={"ip": _address(request)},
    )


def record_login_failure(sender, credentials, request=None, **kwargs):
    username = (credentials or {}).get("username") or ""
    user = User.objects.filter(username=username).first() if username else None
    locked = bool(getattr(request, "axes_locked_out", False))
    # django-axes counts a failure (and sets the running total) unless the client was already
    # locked out, in which case the attempt was refused before any password was checked.
    counted = getattr(request, "axes_failures_since_start", None) is not None
    new = {"username": username[:150], "ip": _address(request)}
    if locked and not counted:
        audit_log(actor=None, action="accounts.login.refused_locked", obj=user, new=new)
    else:
        audit_log(
            actor=None, action="accounts.login.failed", obj=user, new={**new, "locked": locked}
        )
