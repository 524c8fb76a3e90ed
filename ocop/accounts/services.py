"""Accounts and roles, run by the programme's own officers: create and invite, deactivate and
reactivate, grant and revoke roles, and producers' requests for an account.

An officer manages only accounts whose every role lies in their scope, and grants only the
roles listed for their own role (``rules.GRANTABLE``), on units in force in their scope."""

from __future__ import annotations

from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from ocop.accounts import mail
from ocop.accounts.lockout import user_in_reach
from ocop.accounts.models import AccountRequest, RequestStatus, Role, RoleAssignment, User
from ocop.accounts.permissions import MANAGE_ACCOUNTS, require
from ocop.accounts.rules import GRANTABLE, ROLE_LEVEL, officer_roles, request_in_reach
from ocop.accounts.scope import covers, scope_for, unit_in_scope
from ocop.core.audit import audit_log, snapshot
from ocop.core.exceptions import DomainError, PermissionDeniedError, TransitionError
from ocop.geo.models import Level
from ocop.geo.selectors import era_on

ACCOUNT_FIELDS = ["username", "full_name", "email", "phone", "is_active"]
ROLE_FIELDS = ["user", "role", "unit", "producer", "department", "product_sets", "active"]

# Lifecycle of a producer's account request.
REQUEST_TRANSITIONS = {
    RequestStatus.PENDING: {RequestStatus.CONFIRMED, RequestStatus.REJECTED},
    RequestStatus.CONFIRMED: set(),
    RequestStatus.REJECTED: set(),
}


def _outside():
    return PermissionDeniedError(_("This account is outside your scope."))


def _reload(user: User) -> User:
    """The account as stored (no cached roles or scope)."""
    return User.objects.get(pk=user.pk)


def _require_reach(actor, user: User) -> User:
    require(actor, MANAGE_ACCOUNTS)
    stored = _reload(user)
    if stored.pk == actor.pk or not user_in_reach(actor, stored):
        raise _outside()
    return stored


def _place_of(*, unit, producer):
    return unit if producer is None else (producer.commune or producer.province)


def _check_grant(actor, *, role: str, unit, producer, ending: bool = False) -> None:
    """Refuse a role the actor may not hand out, or on a unit outside the actor's scope. A
    role being ended may lie on a unit no longer in force (a former commune's)."""
    require(actor, MANAGE_ACCOUNTS)
    if role not in Role.values:
        raise DomainError(_("Unknown role."), field="role")
    level = ROLE_LEVEL[role]
    if role == Role.PRODUCER:
        if producer is None or unit is not None:
            raise DomainError(_("A producer's role is held for one producer."), field="producer")
    elif level is None:
        if unit is not None or producer is not None:
            raise DomainError(_("This role covers the whole country."), field="unit")
    elif unit is None or unit.level != level or producer is not None:
        raise DomainError(
            _("This role is held on a unit of level %(level)s.") % {"level": Level(level).label},
            field="unit",
        )
    if (
        unit is not None
        and not ending
        and (not unit.is_valid_on(timezone.localdate()) or unit.era != era_on(None))
    ):
        raise DomainError(_("Choose a unit in force today."), field="unit")
    if actor.is_superuser:
        return
    place = _place_of(unit=unit, producer=producer)
    for ra in officer_roles(actor):
        if role not in GRANTABLE[ra.role]:
            continue
        whole_country = ra.role == Role.CENTRAL_OFFICE and ra.unit is None
        if whole_country or (place is not None and covers(ra, place)):
            return
    raise PermissionDeniedError(
        _("You may not grant the role %(role)s here.") % {"role": Role(role).label}
    )


def _role_fields(role, unit, producer, department, product_sets) -> dict:
    return {
        "role": role,
        "unit": unit,
        "producer": producer,
        "department": department,
        "product_sets": list(product_sets),
    }


def _grant(actor, *, user: User, role: str, unit, producer, department, product_sets):
    assignment = RoleAssignment.objects.create(
        user=user,
        role=role,
        unit=unit,
        producer=producer,
        department=department,
        product_sets=list(product_sets),
    )
    audit_log(actor=actor, action="accounts.role.granted", obj=assignment, new=snapshot(assignment))
    return assignment


@transaction.atomic
def account_create(
    *,
    actor,
    username: str,
    full_name: str,
    email: str,
    phone: str = "",
    role: str,
    unit=None,
    producer=None,
    department: str = "",
    product_sets=(),
    invite: bool = True,
) -> User:
    """Create an account with its first role (so that it lies in the actor's scope at once)
    and, by default, send it an invitation to choose a password."""
    role_fields = _role_fields(role, unit, producer, department, product_sets)
    _check_grant(actor, role=role, unit=unit, producer=producer)
    username = (username or "").strip()
    if not username:
        raise DomainError(_("Enter a username."), field="username")
    if User.objects.filter(username__iexact=username).exists():
        raise DomainError(_("This username is taken."), field="username")
    if invite and not email:
        raise DomainError(_("An invitation needs an e-mail address."), field="email")
    user = User(username=username, full_name=full_name.strip(), email=email.strip(), phone=phone)
    user.set_unusable_password()
    user.save()
    audit_log(
        actor=actor,
        action="accounts.account.created",
        obj=user,
        new=snapshot(user, ACCOUNT_FIELDS),
    )
    _grant(actor, user=user, **role_fields)
    if invite:
        _invite(actor, user)
    return user


def _invite(actor, user: User) -> None:
    audit_log(actor=actor, action="accounts.account.invited", obj=user, new={"email": user.email})
    mail.send_invitation(user)


@transaction.atomic
def account_invite(*, actor, user: User) -> None:
    """Send (again) an e-mail with a one-time link to choose a password."""
    user = _require_reach(actor, user)
    if not user.is_active:
        raise DomainError(_("This account is deactivated."))
    if not user.email:
        raise DomainError(_("An invitation needs an e-mail address."), field="email")
    _invite(actor, user)


def _set_active(actor, user: User, active: bool) -> User:
    user = _require_reach(actor, user)
    if user.is_active == active:
        raise TransitionError(
            _("This account is already active.") if active else _("This account is deactivated.")
        )
    user.is_active = active
    user.save(update_fields=["is_active"])
    audit_log(
        actor=actor,
        action="accounts.account.reactivated" if active else "accounts.account.deactivated",
        obj=user,
        old={"is_active": not active},
        new={"is_active": active},
    )
    return user


@transaction.atomic
def account_deactivate(*, actor, user: User) -> User:
    """The account may no longer log in; its roles and history stay."""
    return _set_active(actor, user, False)


@transaction.atomic
def account_reactivate(*, actor, user: User) -> User:
    return _set_active(actor, user, True)


@transaction.atomic
def role_grant(
    *,
    actor,
    user: User,
    role: str,
    unit=None,
    producer=None,
    department: str = "",
    product_sets=(),
) -> RoleAssignment:
    """Give an account in the actor's reach one more role, on a unit in the actor's scope."""
    user = _require_reach(actor, user)
    _check_grant(actor, role=role, unit=unit, producer=producer)
    if RoleAssignment.objects.filter(
        user=user, role=role, unit=unit, producer=producer, active=True
    ).exists():
        raise DomainError(_("The account already holds this role."), field="role")
    return _grant(actor, user=user, **_role_fields(role, unit, producer, department, product_sets))


@transaction.atomic
def role_revoke(*, actor, assignment: RoleAssignment) -> RoleAssignment:
    """End a role (it stays in the history, inactive). The last role is not revoked: an
    account without any role would be out of everyone's reach; deactivate it instead."""
    stored = RoleAssignment.objects.select_related("unit", "producer").get(pk=assignment.pk)
    _require_reach(actor, stored.user)
    _check_grant(actor, role=stored.role, unit=stored.unit, producer=stored.producer, ending=True)
    if not stored.active:
        raise TransitionError(_("This role has already ended."))
    if (
        not RoleAssignment.objects.filter(user=stored.user_id, active=True)
        .exclude(pk=stored.pk)
        .exists()
    ):
        raise DomainError(_("This is the account's last role: deactivate the account instead."))
    stored.active = False
    stored.valid_to = timezone.localdate()
    stored.save(update_fields=["active", "valid_to"])
    audit_log(
        actor=actor,
        action="accounts.role.revoked",
        obj=stored,
        old={"active": True},
        new={"active": False, "valid_to": stored.valid_to},
    )
    return stored


@transaction.atomic
def account_request(
    *,
    full_name: str,
    producer_name: str,
    tax_code: str,
    commune,
    phone: str,
    email: str,
) -> AccountRequest:
    """A producer asks for an account (public form); the request waits for its commune."""
    if commune is None or commune.level != Level.COMMUNE:
        raise DomainError(_("Choose a commune."), field="commune")
    if not commune.is_valid_on(timezone.localdate()) or commune.era != era_on(None):
        raise DomainError(_("Choose a commune in force today."), field="commune")
    for field, value in (
        ("full_name", full_name),
        ("producer_name", producer_name),
        ("phone", phone),
        ("email", email),
    ):
        if not (value or "").strip():
            raise DomainError(_("This field is required."), field=field)
    request = AccountRequest.objects.create(
        full_name=full_name.strip(),
        producer_name=producer_name.strip(),
        tax_code=(tax_code or "").strip(),
        commune=commune,
        phone=phone.strip(),
        email=email.strip(),
    )
    audit_log(actor=None, action="accounts.request.received", obj=request, new=snapshot(request))
    return request


def _load_request(actor, account_request: AccountRequest, target: str) -> AccountRequest:
    require(actor, MANAGE_ACCOUNTS)
    stored = (
        AccountRequest.objects.select_for_update(of=("self",))
        .select_related("commune")
        .get(pk=account_request.pk)
    )
    if not request_in_reach(actor, stored):
        raise PermissionDeniedError(_("This request is outside your scope."))
    if target not in REQUEST_TRANSITIONS[stored.status]:
        raise TransitionError(_("This request has already been decided."))
    return stored


def _decide(actor, stored: AccountRequest, status: str, **fields) -> None:
    old = {"status": stored.status}
    stored.status = status
    stored.decided_by = actor
    stored.decided_at = timezone.now()
    for name, value in fields.items():
        setattr(stored, name, value)
    stored.save()
    action = "confirmed" if status == RequestStatus.CONFIRMED else "rejected"
    audit_log(
        actor=actor,
        action=f"accounts.request.{action}",
        obj=stored,
        old=old,
        new={"status": status, **fields},
    )


@transaction.atomic
def account_request_confirm(
    *, actor, account_request: AccountRequest, producer, username: str = ""
) -> User:
    """Confirm a producer's request: create the account with a producer's role for
    ``producer`` (a record in the actor's scope, found or registered by the caller through
    the registry) and e-mail the requester an invitation to choose a password."""
    stored = _load_request(actor, account_request, RequestStatus.CONFIRMED)
    if producer is None or not unit_in_scope(
        producer.commune or producer.province, scope_for(actor)
    ):
        raise DomainError(_("Choose a producer in your scope."), field="producer")
    user = account_create(
        actor=actor,
        username=username or stored.email,
        full_name=stored.full_name,
        email=stored.email,
        phone=stored.phone,
        role=Role.PRODUCER,
        producer=producer,
    )
    _decide(actor, stored, RequestStatus.CONFIRMED, user=user)
    return user


@transaction.atomic
def account_request_reject(*, actor, account_request: AccountRequest, reason: str) -> None:
    """Reject a producer's request with a reason, which the requester receives by e-mail."""
    stored = _load_request(actor, account_request, RequestStatus.REJECTED)
    reason = (reason or "").strip()
    if not reason:
        raise DomainError(_("Give the reason for the rejection."), field="reason")
    _decide(actor, stored, RequestStatus.REJECTED, reason=reason)
    mail.send_request_rejected(stored)
