"""Reads of criteria sets. Criteria are public reference data: no scoping applies.

Which criteria set applies to a dossier follows from its filing date, with a transition
rule for dossiers caught by a change of rules (see docs/decisions/0060-criteria-transition.md).
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass

from django.conf import settings
from django.db.models import Count, QuerySet
from django.shortcuts import get_object_or_404
from django.utils import timezone

from ocop.criteria.models import CriteriaSet, ProductSet
from ocop.criteria.sheet import Sheet, sheet_from_dict

# Defaults of the configurable rules read from ``settings.OCOP_RULES``.
TRANSITION_DAYS_DEFAULT = 60
TRANSITION_DAYS_REEVALUATION_DEFAULT = 30


def _rule(name: str, default: int) -> int:
    return int(getattr(settings, "OCOP_RULES", {}).get(name, default))


def transition_days(*, reevaluation: bool = False) -> int:
    """Days after a new set takes effect during which pending dossiers finish under the old.

    ``OCOP_RULES["CRITERIA_TRANSITION_DAYS"]`` (first evaluation and upgrade, default 60)
    and ``OCOP_RULES["CRITERIA_TRANSITION_DAYS_REEVALUATION"]`` (default 30).
    """
    if reevaluation:
        return _rule("CRITERIA_TRANSITION_DAYS_REEVALUATION", TRANSITION_DAYS_REEVALUATION_DEFAULT)
    return _rule("CRITERIA_TRANSITION_DAYS", TRANSITION_DAYS_DEFAULT)


def transition_last_day(successor: CriteriaSet, *, reevaluation: bool = False) -> dt.date:
    """The last day a dossier filed before ``successor`` may be decided under the old set.

    The day ``successor`` takes effect counts as the first day of the window.
    """
    return successor.effective_from + dt.timedelta(
        days=transition_days(reevaluation=reevaluation) - 1
    )


def _sets_in_order() -> list[CriteriaSet]:
    # On equal dates a set with sheets comes last, so it wins over a bare frame.
    return list(CriteriaSet.objects.order_by("effective_from", "has_sheets", "code"))


def criteria_set_for(
    day: dt.date, *, decided_on: dt.date | None = None, reevaluation: bool = False
) -> CriteriaSet | None:
    """The criteria set that applies to a dossier filed on ``day``.

    The set in force on the filing day applies (the latest ``effective_from`` on or before
    it; a day before every set gets the oldest). If ``decided_on`` is given and a newer set
    took effect after filing, the dossier stays under its filing-day set only when it is
    decided within the transition window (:func:`transition_days`); a later decision falls
    under the newer set. Returns None when no set is loaded.
    """
    sets = _sets_in_order()
    if not sets:
        return None
    index = 0
    for i, cset in enumerate(sets):
        if cset.effective_from <= day:
            index = i
    if decided_on is not None:
        for successor in sets[index + 1 :]:
            if decided_on > transition_last_day(successor, reevaluation=reevaluation):
                index = sets.index(successor)
            else:
                break
    return sets[index]


def current_criteria_set(day: dt.date | None = None) -> CriteriaSet | None:
    """The set a dossier filed today (or on ``day``) is scored under."""
    return criteria_set_for(day or timezone.localdate())


@dataclass(frozen=True)
class SetStatus:
    """Where a criteria set stands on a given day."""

    code: str  # "in_force", "transition", "superseded" or "upcoming"
    until: dt.date | None = None  # last day of the transition window


def criteria_set_status(cset: CriteriaSet, sets: list[CriteriaSet], day: dt.date) -> SetStatus:
    """Status of ``cset`` among ``sets`` (all sets, any order) on ``day``."""
    if day < cset.effective_from:
        return SetStatus("upcoming")
    later = sorted(
        (s for s in sets if s.effective_from > cset.effective_from), key=lambda s: s.effective_from
    )
    successor = later[0] if later else None
    if successor is None or day < successor.effective_from:
        return SetStatus("in_force")
    last = transition_last_day(successor)
    if day <= last:
        return SetStatus("transition", until=last)
    return SetStatus("superseded")


def criteria_sets_listed() -> QuerySet[CriteriaSet]:
    """Every criteria set, newest first, with its number of product sets."""
    return CriteriaSet.objects.annotate(product_set_count=Count("product_sets")).order_by(
        "-effective_from", "code"
    )


def criteria_set_get(code: str) -> CriteriaSet:
    return get_object_or_404(CriteriaSet, code=code)


def product_sets_of(cset: CriteriaSet) -> QuerySet[ProductSet]:
    """The product sets of a criteria set, in number order, without their sheets."""
    return (
        ProductSet.objects.filter(criteria_set=cset)
        .select_related("group", "group__parent")
        .defer("sheet")
        .order_by("number")
    )


def product_set_get(code: str, number: int) -> ProductSet:
    return get_object_or_404(
        ProductSet.objects.select_related("criteria_set", "group"),
        criteria_set__code=code,
        number=number,
    )


_SHEETS: dict[tuple[str, int, str], Sheet] = {}


def sheet_of(product_set: ProductSet) -> Sheet | None:
    """The validated sheet of a product set, or None if its criteria set has no sheets.

    Sheets are cached per process by the criteria set's data hash.
    """
    if not product_set.sheet:
        return None
    cset = product_set.criteria_set
    key = (cset.code, product_set.number, cset.data_hash)
    if cset.data_hash and key in _SHEETS:
        return _SHEETS[key]
    sheet = sheet_from_dict(product_set.sheet, origin=f"set-{product_set.number:02d}")
    if cset.data_hash:
        _SHEETS[key] = sheet
    return sheet
