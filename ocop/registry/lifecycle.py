"""Transition tables for products and dossiers. Services refuse any move not listed here.

Product (see docs/decisions/0021):

    draft -> submitted -> under_review -> recognised -> expired / revoked
    submitted -> draft          the commune returned the dossier
    under_review -> draft       evaluated but not recognised
    expired -> submitted        a re-evaluation dossier filed after expiry

An upgrade or re-evaluation of a recognised product does not move the product: it stays
recognised (its certificate is still valid) while the dossier goes through its own lifecycle.
Revoked is final for the record.

A recognised, expired or revoked product also *follows its certificate record*: when a
certificate is issued, recorded from a published list or a roll-up, expires or is revoked, the
product takes the status of its certificate in force (``ocop.certificates.status``). Those
moves are listed in ``PRODUCT_FOLLOWS`` (a draft product recorded from a list; an expired or
revoked product with a newer certificate); a product in evaluation keeps its own lifecycle.

Dossier (hồ sơ):

    draft -> submitted -> forwarded -> in_evaluation -> closed
    submitted -> returned -> submitted      returned by the commune for completion
    forwarded -> returned                   sent back by the province before evaluation
    submitted -> in_evaluation              an upgrade or re-evaluation dossier taken into a
                                            round without the commune's review (the round's
                                            routing rules decide which dossiers may)
"""

from __future__ import annotations

from django.utils.translation import gettext as _

from ocop.core.exceptions import TransitionError
from ocop.registry.models import DossierStatus, ProductStatus

P = ProductStatus
PRODUCT_TRANSITIONS: dict[str, frozenset[str]] = {
    P.DRAFT: frozenset({P.SUBMITTED}),
    P.SUBMITTED: frozenset({P.UNDER_REVIEW, P.DRAFT}),
    P.UNDER_REVIEW: frozenset({P.RECOGNISED, P.DRAFT}),
    P.RECOGNISED: frozenset({P.EXPIRED, P.REVOKED}),
    P.EXPIRED: frozenset({P.SUBMITTED, P.REVOKED}),
    P.REVOKED: frozenset(),
}

# Moves that follow the certificate record (see the module docstring).
PRODUCT_FOLLOWS: dict[str, frozenset[str]] = {
    P.DRAFT: frozenset({P.RECOGNISED, P.EXPIRED, P.REVOKED}),
    P.UNDER_REVIEW: frozenset({P.RECOGNISED}),
    P.RECOGNISED: frozenset({P.EXPIRED, P.REVOKED}),
    P.EXPIRED: frozenset({P.RECOGNISED, P.REVOKED}),
    P.REVOKED: frozenset({P.RECOGNISED, P.EXPIRED}),
}

D = DossierStatus
DOSSIER_TRANSITIONS: dict[str, frozenset[str]] = {
    D.DRAFT: frozenset({D.SUBMITTED}),
    D.SUBMITTED: frozenset({D.FORWARDED, D.RETURNED, D.IN_EVALUATION}),
    D.RETURNED: frozenset({D.SUBMITTED}),
    D.FORWARDED: frozenset({D.IN_EVALUATION, D.RETURNED}),
    D.IN_EVALUATION: frozenset({D.CLOSED}),
    D.CLOSED: frozenset(),
}

# Dossiers the producer may still change (attach or detach documents).
DOSSIER_EDITABLE = frozenset({D.DRAFT, D.RETURNED})


def can_move_product(current: str, target: str) -> bool:
    return target in PRODUCT_TRANSITIONS.get(current, frozenset())


def can_follow_certificate(current: str, target: str) -> bool:
    """Whether a product in ``current`` takes ``target`` from its certificate record."""
    return current == target or target in PRODUCT_FOLLOWS.get(current, frozenset())


def can_move_dossier(current: str, target: str) -> bool:
    return target in DOSSIER_TRANSITIONS.get(current, frozenset())


def check_product_move(current: str, target: str) -> None:
    if not can_move_product(current, target):
        raise TransitionError(
            _("A product cannot go from “%(current)s” to “%(target)s”.")
            % {"current": P(current).label, "target": P(target).label},
            field="status",
        )


def check_dossier_move(current: str, target: str) -> None:
    if not can_move_dossier(current, target):
        raise TransitionError(
            _("A dossier cannot go from “%(current)s” to “%(target)s”.")
            % {"current": D(current).label, "target": D(target).label},
            field="status",
        )
