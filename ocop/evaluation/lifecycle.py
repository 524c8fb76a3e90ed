"""Transition tables for rounds, enrolments and score sheets. Services refuse any move not
listed here (dossiers and products move through ``ocop.registry.services``).

Round (đợt đánh giá):

    planned -> open -> scoring -> closed
    planned -> closed, open -> closed
    planned -> cancelled, open -> cancelled  with a reason, while no product is enrolled

A round is edited (``round_update``) only while it is planned.

Enrolment (a dossier taken into a round):

    enrolled -> scoring                     a member was assigned
    scoring -> proposed / not_proposed      the result was finalised
    proposed -> scoring                     the chair reopened a sheet
    proposed -> forwarded                   the central council took the product
    proposed -> decided                     a recognition decision was issued on the result

Score sheet (phiếu chấm):

    draft -> submitted -> locked            locked when the result is finalised
    submitted -> draft, locked -> draft     the chair reopened the sheet
    locked -> submitted                     another sheet was reopened: the result is not final
    draft -> withdrawn, submitted -> withdrawn
                                            the member declared a link to the producer

Withdrawn is final: the sheet never counts again (docs/decisions/0035).
"""

from __future__ import annotations

from django.utils.translation import gettext as _

from ocop.core.exceptions import TransitionError
from ocop.evaluation.models import EnrolmentStatus, RoundStatus, SheetStatus

R = RoundStatus
ROUND_TRANSITIONS: dict[str, frozenset[str]] = {
    R.PLANNED: frozenset({R.OPEN, R.CLOSED, R.CANCELLED}),
    R.OPEN: frozenset({R.SCORING, R.CLOSED, R.CANCELLED}),
    R.SCORING: frozenset({R.CLOSED}),
    R.CLOSED: frozenset(),
    R.CANCELLED: frozenset(),
}

E = EnrolmentStatus
ENROLMENT_TRANSITIONS: dict[str, frozenset[str]] = {
    E.ENROLLED: frozenset({E.SCORING}),
    E.SCORING: frozenset({E.PROPOSED, E.NOT_PROPOSED}),
    E.PROPOSED: frozenset({E.SCORING, E.FORWARDED, E.DECIDED}),
    E.NOT_PROPOSED: frozenset(),
    E.FORWARDED: frozenset(),
    E.DECIDED: frozenset(),
    E.WITHDRAWN: frozenset(),
}

S = SheetStatus
SHEET_TRANSITIONS: dict[str, frozenset[str]] = {
    S.DRAFT: frozenset({S.SUBMITTED, S.WITHDRAWN}),
    S.SUBMITTED: frozenset({S.LOCKED, S.DRAFT, S.WITHDRAWN}),
    S.LOCKED: frozenset({S.DRAFT, S.SUBMITTED}),
    S.WITHDRAWN: frozenset(),
}


def check_round_move(current: str, target: str) -> None:
    if target not in ROUND_TRANSITIONS.get(current, frozenset()):
        raise TransitionError(
            _("A round that is %(status)s cannot become %(new)s.")
            % {"status": R(current).label, "new": R(target).label}
        )


def check_enrolment_move(current: str, target: str) -> None:
    if target not in ENROLMENT_TRANSITIONS.get(current, frozenset()):
        raise TransitionError(
            _("An enrolment that is %(status)s cannot become %(new)s.")
            % {"status": E(current).label, "new": E(target).label}
        )


def check_sheet_move(current: str, target: str) -> None:
    if current == S.WITHDRAWN:
        raise TransitionError(
            _(
                "This score sheet was withdrawn because its member declared a link to the "
                "producer; it can no longer be saved, submitted or reopened."
            )
        )
    if target not in SHEET_TRANSITIONS.get(current, frozenset()):
        raise TransitionError(
            _("A score sheet that is %(status)s cannot become %(new)s.")
            % {"status": S(current).label, "new": S(target).label}
        )
