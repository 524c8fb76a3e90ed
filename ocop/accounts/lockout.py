"""Login lockouts (django-axes keeps the failed attempts in the database): when a locked client
may try again, who is locked, and unlocking.
"""

from __future__ import annotations

import datetime

from axes.helpers import get_cool_off
from axes.models import AccessAttempt
from axes.utils import reset
from django.conf import settings
from django.db import transaction
from django.db.models import Max, Q, Sum
from django.utils import timezone
from django.utils.translation import gettext as _

from ocop.accounts.models import User
from ocop.accounts.permissions import MANAGE_ACCOUNTS, require
from ocop.accounts.scope import active_roles, scope_for, unit_in_scope
from ocop.core.audit import audit_log
from ocop.core.exceptions import PermissionDeniedError


def _recent(since: datetime.datetime | None = None):
    cool_off = get_cool_off()
    threshold = (since or timezone.now()) - cool_off
    return AccessAttempt.objects.filter(attempt_time__gte=threshold)


def retry_at(*, username: str | None, ip_address: str | None) -> datetime.datetime | None:
    """The moment by which every lock on this account and this address has ended."""
    q = Q(pk__in=[])
    if username:
        q |= Q(username=username)
    if ip_address:
        q |= Q(ip_address=ip_address)
    latest = _recent().filter(q).aggregate(latest=Max("attempt_time"))["latest"]
    if latest is None:
        return None
    return latest + get_cool_off()


def locked_usernames() -> list[dict]:
    """Accounts with at least the failure limit within the cool-off, newest first."""
    rows = (
        _recent()
        .exclude(username__isnull=True)
        .exclude(username="")
        .values("username")
        .annotate(failures=Sum("failures_since_start"), latest=Max("attempt_time"))
        .filter(failures__gte=settings.AXES_FAILURE_LIMIT)
        .order_by("-latest")
    )
    cool_off = get_cool_off()
    return [{**row, "until": row["latest"] + cool_off} for row in rows]


def user_in_reach(actor, user: User) -> bool:
    """Whether ``actor`` looks after ``user``: every role of the user lies in the actor's scope."""
    scope = scope_for(actor)
    if scope.everything:
        return True
    if user.is_superuser:
        return False
    roles = active_roles(user)
    if not roles:
        return False
    for ra in roles:
        if ra.producer_id:
            producer = ra.producer  # the producer's record, through the role
            if not unit_in_scope(producer.commune or producer.province, scope):
                return False
        elif ra.unit is None or not unit_in_scope(ra.unit, scope):
            return False
    return True


def lockouts_visible_to(actor) -> list[dict]:
    """The locked accounts ``actor`` may unlock (users unknown to the site only for the whole
    country's scope)."""
    rows = locked_usernames()
    users = {u.username: u for u in User.objects.filter(username__in=[r["username"] for r in rows])}
    everything = scope_for(actor).everything
    out = []
    for row in rows:
        user = users.get(row["username"])
        if (user is None and everything) or (user is not None and user_in_reach(actor, user)):
            out.append({**row, "user": user})
    return out


@transaction.atomic
def account_unlock(*, actor, username: str) -> int:
    """Forget the failed logins of ``username``, so the account may log in again at once."""
    require(actor, MANAGE_ACCOUNTS)
    user = User.objects.filter(username=username).first()
    allowed = user_in_reach(actor, user) if user is not None else scope_for(actor).everything
    if not allowed:
        raise PermissionDeniedError(_("This account is outside your scope."))
    count = reset(username=username)
    audit_log(
        actor=actor,
        action="accounts.login.unlocked",
        obj=user,
        new={"username": username, "attempts_cleared": count},
    )
    return count
