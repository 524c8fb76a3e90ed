"""Named capabilities per role. The single source for docs/permissions.md and the tests.

A role granted on a unit covers everything below it; see ``ocop.accounts.scope``.
"""

from __future__ import annotations

from ocop.accounts.models import Role
from ocop.accounts.scope import active_roles
from ocop.core.exceptions import PermissionDeniedError

VIEW_ALL = "view_all"  # read every record in the unit scope
VIEW_ASSIGNED = "view_assigned"  # read only what is assigned (council members)
VIEW_OWN = "view_own"  # read own producer's records
MANAGE_REGISTRY = "can_manage_registry"  # create/edit producers, products, documents
REVIEW_DOSSIER = "can_review_dossier"  # commune preliminary review and forwarding
MANAGE_ROUNDS = "can_manage_rounds"  # rounds, councils, enrolment, assignments
SCORE = "can_score"  # fill score sheets for assigned products
ISSUE_CERTIFICATE = "can_issue_certificate"  # recognition decisions and certificates
REVOKE_CERTIFICATE = "can_revoke_certificate"
IMPORT_DATA = "can_import"  # bulk imports of historical results, producers, products
VIEW_REPORTS = "can_view_reports"
SUBMIT_DOSSIER = "can_submit_dossier"  # a producer files its own dossiers
# accounts of users in scope: create, invite, roles, unlock; the roles one may grant are in
# ``rules.GRANTABLE`` (a commune officer: producers' accounts only)
MANAGE_ACCOUNTS = "can_manage_accounts"
MANAGE_PLANS = "can_manage_plans"  # programme plans of a province: targets per unit, milestones

CAPABILITIES: dict[str, frozenset[str]] = {
    Role.CENTRAL_OFFICE: frozenset(
        {
            VIEW_ALL,
            MANAGE_ROUNDS,
            ISSUE_CERTIFICATE,
            REVOKE_CERTIFICATE,
            IMPORT_DATA,
            VIEW_REPORTS,
            MANAGE_ACCOUNTS,
        }
    ),
    Role.PROVINCE_OFFICE: frozenset(
        {
            VIEW_ALL,
            MANAGE_REGISTRY,
            REVIEW_DOSSIER,
            MANAGE_ROUNDS,
            ISSUE_CERTIFICATE,
            REVOKE_CERTIFICATE,
            IMPORT_DATA,
            VIEW_REPORTS,
            MANAGE_ACCOUNTS,
            MANAGE_PLANS,
        }
    ),
    Role.DEPARTMENT: frozenset({VIEW_ALL, MANAGE_REGISTRY, VIEW_REPORTS}),
    Role.DISTRICT_OFFICER: frozenset(
        {VIEW_ALL, MANAGE_REGISTRY, REVIEW_DOSSIER, MANAGE_ROUNDS, VIEW_REPORTS, MANAGE_ACCOUNTS}
    ),
    Role.COMMUNE_OFFICER: frozenset(
        {VIEW_ALL, MANAGE_REGISTRY, REVIEW_DOSSIER, VIEW_REPORTS, MANAGE_ACCOUNTS}
    ),
    Role.COUNCIL_MEMBER: frozenset({VIEW_ASSIGNED, SCORE}),
    Role.PRODUCER: frozenset({VIEW_OWN, MANAGE_REGISTRY, SUBMIT_DOSSIER}),
}

ALL_CAPABILITIES = sorted({cap for caps in CAPABILITIES.values() for cap in caps})


def capabilities_of(user) -> frozenset[str]:
    if not getattr(user, "is_authenticated", False):
        return frozenset()
    cached = getattr(user, "_ocop_capabilities", None)
    if cached is not None:
        return cached
    if user.is_superuser:
        caps = frozenset(ALL_CAPABILITIES)
    else:
        caps = frozenset(cap for ra in active_roles(user) for cap in CAPABILITIES.get(ra.role, ()))
    user._ocop_capabilities = caps
    return caps


def has_capability(user, capability: str) -> bool:
    return capability in capabilities_of(user)


def require(user, capability: str) -> None:
    from django.utils.translation import gettext as _

    if not has_capability(user, capability):
        raise PermissionDeniedError(
            _("You do not have the right to do this (%(capability)s).") % {"capability": capability}
        )
