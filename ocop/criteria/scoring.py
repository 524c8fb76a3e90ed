"""Score one set of answers against a sheet.

An answer is the number of points given to a criterion; it must be the points of one of
the criterion's options, or 0 where the sheet allows answering none of them
(``Criterion.allows_none``). ``score_options`` takes option indices instead.

Rules applied here:

* An unknown criterion code, or points that no option of the criterion gives, raise
  :class:`AnswerError` naming the criterion.
* A criterion left out counts 0 when the sheet allows none (it is listed in
  ``unanswered``); otherwise leaving it out is an error.
* A criterion whose ``applies_if`` condition is not met scores 0; an answer given for it
  is still checked, then ignored and listed in ``ignored``.
* Stars come from :func:`ocop.criteria.stars.star_rank` with the sheet's bands and
  minimums.

Messages are English and go through ``ocop.criteria.i18n.gettext`` for translation.
"""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass, field
from decimal import Decimal

from .i18n import gettext as _
from .sheet import Criterion, Sheet
from .stars import StarResult, code_sort_key, format_points, star_rank, to_decimal

__all__ = [
    "AnswerError",
    "ScoreResult",
    "points_from_options",
    "score_answers",
    "score_options",
]


class AnswerError(ValueError):
    """An answer does not fit the sheet. ``criterion`` is the code at fault (or None)."""

    def __init__(self, criterion: str | None, message: str):
        super().__init__(message)
        self.criterion = criterion
        self.message = message


@dataclass(frozen=True)
class ScoreResult:
    """Points per criterion and part, the total and the star result.

    ``unanswered``: criteria left out and counted 0. ``not_applicable``: criteria whose
    ``applies_if`` was not met (scored 0). ``ignored``: criteria in the latter group that
    were nevertheless answered. All lists are in sheet order.
    """

    total: Decimal
    parts: dict[str, Decimal]
    points: dict[str, Decimal]
    stars: StarResult
    unanswered: list[str] = field(default_factory=list)
    not_applicable: list[str] = field(default_factory=list)
    ignored: list[str] = field(default_factory=list)


def _allowed(crit: Criterion) -> str:
    values = sorted(set(crit.option_points) | ({Decimal(0)} if crit.allows_none else set()))
    return ", ".join(format_points(v) for v in values)


def _check_points(crit: Criterion, value: object) -> Decimal:
    if value is None:
        if crit.allows_none:
            return Decimal(0)
        raise AnswerError(
            crit.code,
            _("Criterion %(criterion)s must be answered with one of its options.")
            % {"criterion": crit.code},
        )
    try:
        points = to_decimal(value)
    except (TypeError, ValueError):
        raise AnswerError(
            crit.code,
            _("The answer to criterion %(criterion)s is not a number: %(value)s.")
            % {"criterion": crit.code, "value": repr(value)},
        ) from None
    if not crit.accepts(points):
        raise AnswerError(
            crit.code,
            _(
                "%(points)s points is not an answer of criterion %(criterion)s "
                "(allowed: %(allowed)s)."
            )
            % {"points": format_points(points), "criterion": crit.code, "allowed": _allowed(crit)},
        )
    return points


def score_answers(sheet: Sheet, answers: Mapping[str, object]) -> ScoreResult:
    """Score ``answers`` (criterion code -> points, or None for "none of the options").

    :raises AnswerError: for an unknown code, points that are not an option's, or a
        missing answer where the criterion does not allow none.
    """
    unknown = sorted(
        (code for code in answers if not sheet.has_criterion(code)),
        key=lambda c: code_sort_key(str(c)),
    )
    if unknown:
        raise AnswerError(
            unknown[0],
            _("Criterion %(criterion)s does not exist on sheet %(sheet)s.")
            % {"criterion": unknown[0], "sheet": sheet.label},
        )

    points: dict[str, Decimal] = {}
    unanswered: list[str] = []
    not_applicable: list[str] = []
    ignored: list[str] = []
    for crit in sheet.criteria:
        given = crit.code in answers
        value = _check_points(crit, answers[crit.code]) if given else None
        cond = crit.applies_if
        if cond is not None and not cond.met(points[cond.criterion]):
            points[crit.code] = Decimal(0)
            not_applicable.append(crit.code)
            if given:
                ignored.append(crit.code)
            continue
        if value is None:
            if not crit.allows_none:
                raise AnswerError(
                    crit.code,
                    _("Criterion %(criterion)s has no answer; choose one of its options.")
                    % {"criterion": crit.code},
                )
            value = Decimal(0)
            if not given:
                unanswered.append(crit.code)
        points[crit.code] = value

    parts = {
        part.code: sum((points[c.code] for c in part.criteria), Decimal(0)) for part in sheet.parts
    }
    total = sum(parts.values(), Decimal(0))
    stars = star_rank(total=total, bands=sheet.bands, minimums=sheet.minimums(), points=points)
    return ScoreResult(
        total=total,
        parts=parts,
        points=points,
        stars=stars,
        unanswered=unanswered,
        not_applicable=not_applicable,
        ignored=ignored,
    )


def points_from_options(sheet: Sheet, choices: Mapping[str, int | None]) -> dict[str, object]:
    """Turn option indices (0-based, as ``Option.index``) into points answers.

    ``None`` means "none of the options" and is passed through for :func:`score_answers`
    to accept or refuse.
    """
    answers: dict[str, object] = {}
    for code, index in choices.items():
        if not sheet.has_criterion(code):
            raise AnswerError(
                code,
                _("Criterion %(criterion)s does not exist on sheet %(sheet)s.")
                % {"criterion": code, "sheet": sheet.label},
            )
        crit = sheet.criterion(code)
        if index is None:
            answers[code] = None
            continue
        if (
            isinstance(index, bool)
            or not isinstance(index, int)
            or not (0 <= index < len(crit.options))
        ):
            raise AnswerError(
                code,
                _("Criterion %(criterion)s has no option %(index)s.")
                % {"criterion": code, "index": repr(index)},
            )
        answers[code] = crit.options[index].points
    return answers


def score_options(sheet: Sheet, choices: Mapping[str, int | None]) -> ScoreResult:
    """Score answers given as option indices; see :func:`points_from_options`."""
    return score_answers(sheet, points_from_options(sheet, choices))
