"""The transition tables of fairs and posts: a service refuses any move not listed here."""

from __future__ import annotations

from django.utils.translation import gettext as _

from ocop.core.exceptions import TransitionError
from ocop.outreach.models import FairStatus, PostStatus

FAIR_MOVES: dict[str, set[str]] = {
    FairStatus.PLANNED: {FairStatus.OPEN, FairStatus.HELD, FairStatus.CANCELLED},
    FairStatus.OPEN: {FairStatus.HELD, FairStatus.CANCELLED},
    FairStatus.HELD: {FairStatus.REPORTED},
    FairStatus.REPORTED: set(),
    FairStatus.CANCELLED: set(),
}

# Participants may be added by the fair's office until the results are reported; by others
# (a producer, another office's officer) only while the fair is open to registration.
FAIR_TAKES_ENTRIES = {FairStatus.PLANNED, FairStatus.OPEN, FairStatus.HELD}
FAIR_TAKES_RESULTS = {FairStatus.HELD, FairStatus.REPORTED}
FAIR_EDITABLE = {FairStatus.PLANNED, FairStatus.OPEN, FairStatus.HELD}

POST_MOVES: dict[str, set[str]] = {
    PostStatus.DRAFT: {PostStatus.SUBMITTED},
    # the reviewer publishes or returns it to its author with a comment
    PostStatus.SUBMITTED: {PostStatus.PUBLISHED, PostStatus.DRAFT},
    PostStatus.PUBLISHED: {PostStatus.WITHDRAWN},
    # a withdrawn post goes back to its author for another round
    PostStatus.WITHDRAWN: {PostStatus.DRAFT},
}


def _check(table, labels, current: str, target: str) -> None:
    if target not in table.get(current, set()):
        raise TransitionError(
            _("This step is not possible: %(current)s → %(target)s.")
            % {"current": labels(current).label, "target": labels(target).label}
        )


def check_fair_move(current: str, target: str) -> None:
    _check(FAIR_MOVES, FairStatus, current, target)


def check_post_move(current: str, target: str) -> None:
    _check(POST_MOVES, PostStatus, current, target)
