"""Transition tables of inspections and misuse cases. Services refuse any move not listed here.

Inspection visit (lượt kiểm tra)::

    planned -> in_progress -> findings_recorded -> closed
    in_progress -> closed           nothing to record (outcome: no action)

Corrective action (biện pháp khắc phục); "overdue" is read from the deadline, never stored::

    open -> done -> verified
    done -> open                    the follow-up found it not done

Misuse case (vụ việc phản ánh)::

    received -> checking -> confirmed -> closed
    received -> dismissed -> closed
    checking -> dismissed
"""

from __future__ import annotations

from django.utils.translation import gettext as _

from ocop.core.exceptions import TransitionError
from ocop.programme.models import ActionStatus, CaseStatus, VisitStatus

V = VisitStatus
VISIT_TRANSITIONS: dict[str, frozenset[str]] = {
    V.PLANNED: frozenset({V.IN_PROGRESS}),
    V.IN_PROGRESS: frozenset({V.FINDINGS_RECORDED, V.CLOSED}),
    V.FINDINGS_RECORDED: frozenset({V.CLOSED}),
    V.CLOSED: frozenset(),
}
# Visits whose checklist, findings and corrective actions may still be written.
VISIT_OPEN = frozenset({V.IN_PROGRESS, V.FINDINGS_RECORDED})

A = ActionStatus
ACTION_TRANSITIONS: dict[str, frozenset[str]] = {
    A.OPEN: frozenset({A.DONE}),
    A.DONE: frozenset({A.VERIFIED, A.OPEN}),
    A.VERIFIED: frozenset(),
}

C = CaseStatus
CASE_TRANSITIONS: dict[str, frozenset[str]] = {
    C.RECEIVED: frozenset({C.CHECKING, C.DISMISSED}),
    C.CHECKING: frozenset({C.CONFIRMED, C.DISMISSED}),
    C.CONFIRMED: frozenset({C.CLOSED}),
    C.DISMISSED: frozenset({C.CLOSED}),
    C.CLOSED: frozenset(),
}


def _check(table, choices, current: str, target: str, message: str) -> None:
    if target not in table.get(current, frozenset()):
        raise TransitionError(
            message % {"current": choices(current).label, "target": choices(target).label},
            field="status",
        )


def check_visit_move(current: str, target: str) -> None:
    _check(
        VISIT_TRANSITIONS,
        V,
        current,
        target,
        _("An inspection visit cannot go from “%(current)s” to “%(target)s”."),
    )


def check_action_move(current: str, target: str) -> None:
    _check(
        ACTION_TRANSITIONS,
        A,
        current,
        target,
        _("A corrective action cannot go from “%(current)s” to “%(target)s”."),
    )


def check_case_move(current: str, target: str) -> None:
    _check(
        CASE_TRANSITIONS,
        C,
        current,
        target,
        _("A misuse case cannot go from “%(current)s” to “%(target)s”."),
    )
