"""The self-assessment form (tự đánh giá): one radio group per criterion of a sheet."""

from __future__ import annotations

from decimal import Decimal

from django import forms
from django.utils.translation import gettext_lazy as _
from django.utils.translation import ngettext

from ocop.criteria.scoring import AnswerError, ScoreResult, points_from_options, score_answers
from ocop.criteria.sheet import Criterion, Option, Sheet
from ocop.criteria.templatetags.criteria_tags import localized, points

NONE = "none"


def option_label(option: Option) -> str:
    count = 1 if option.points == 1 else 2  # points may be decimal: only 1 is singular
    return ngettext("%(label)s (%(points)s point)", "%(label)s (%(points)s points)", count) % {
        "label": localized(option, "label"),
        "points": points(option.points),
    }


def field_name(criterion: Criterion) -> str:
    return f"c{criterion.code}"


class SelfAssessmentForm(forms.Form):
    """Answers are option indices; criteria left blank count as the sheet allows.

    A criterion that allows "none of the options" but has no 0-point option gets an extra
    choice worth 0 points.
    """

    def __init__(self, *args, sheet: Sheet, **kwargs):
        super().__init__(*args, **kwargs)
        self.sheet = sheet
        for crit in sheet.criteria:
            choices = [(str(o.index), option_label(o)) for o in crit.options]
            if crit.allows_none and Decimal(0) not in crit.option_points:
                choices.append((NONE, _("None of these (0 points)")))
            self.fields[field_name(crit)] = forms.ChoiceField(
                label=f"{crit.code}. {localized(crit, 'title')}",
                choices=choices,
                required=False,
                widget=forms.RadioSelect,
            )

    def choices(self) -> dict[str, int | None]:
        """Criterion code -> chosen option index (None for "none of these")."""
        chosen: dict[str, int | None] = {}
        for crit in self.sheet.criteria:
            value = self.cleaned_data.get(field_name(crit))
            if value == NONE:
                chosen[crit.code] = None
            elif value:
                chosen[crit.code] = int(value)
        return chosen

    def missing(self) -> list[Criterion]:
        """Criteria still to answer: those that do not allow "none of the options"."""
        chosen = self.choices()
        return [c for c in self.sheet.criteria if not c.allows_none and c.code not in chosen]

    def points_so_far(self) -> dict[str, Decimal]:
        """Part code -> points of the options chosen so far (for an incomplete form)."""
        chosen = self.choices()
        return {
            part.code: sum(
                (c.options[chosen[c.code]].points for c in part.criteria
                 if chosen.get(c.code) is not None),
                Decimal(0),
            )
            for part in self.sheet.parts
        }  # fmt: skip

    def score(self) -> ScoreResult | None:
        """The result, or None while a criterion that needs an answer has none."""
        if self.missing():
            return None
        try:
            return score_answers(self.sheet, points_from_options(self.sheet, self.choices()))
        except AnswerError as exc:  # cannot happen with the form's own choices
            self.add_error(None, exc.message)
            return None

    def layout(self) -> list[tuple]:
        """[(part, [(section, [(criterion, field name, choices, errors)])])] in sheet order.

        ``choices`` are (value, label, min_stars, checked). The radios are written by the
        template itself: rendering a few hundred widget templates is slow.
        """
        data = self.data if self.is_bound else {}

        def row(crit):
            name = field_name(crit)
            options = {str(o.index): o.min_stars for o in crit.options}
            chosen = data.get(name)
            choices = [
                (value, label, options.get(value), value == chosen)
                for value, label in self.fields[name].choices
            ]
            return crit, name, choices, self.errors.get(name) if self.is_bound else None

        return [
            (part, [(section, [row(c) for c in section.criteria]) for section in part.sections])
            for part in self.sheet.parts
        ]
