"""``ocop self-assess --criteria-set CODE --product-set N --answers FILE [--format json]``.

FILE (YAML or JSON) maps each criterion code to the points of the chosen option, e.g.
``{"1.1": 4, "1.4": 2}``. A criterion left out counts 0 where the sheet allows none of its
options; ``null`` says "none of the options" explicitly. Codes are read as written: in YAML
``1.10`` stays the code ``1.10``, not the number 1.1.
"""

from __future__ import annotations

import json
from decimal import Decimal
from pathlib import Path

import yaml
from django.core.management.base import BaseCommand, CommandError
from django.http import Http404
from django.utils.translation import gettext as _

from ocop.criteria import selectors
from ocop.criteria.scoring import AnswerError, ScoreResult, score_answers
from ocop.criteria.sheet import Sheet
from ocop.criteria.stars import format_points

_NULLS = {"", "~", "null", "Null", "NULL"}


def read_answers(path: Path) -> dict[str, object]:
    """Read an answers file; keys are criterion codes as written, values points or None."""
    try:
        text = path.read_text(encoding="utf-8")
    except OSError as exc:
        raise CommandError(f"Cannot read {path}: {exc.strerror}.") from exc
    try:
        if path.suffix.lower() == ".json":
            data = json.loads(text)
        else:
            # BaseLoader keeps every scalar a string, so codes keep their trailing zeros.
            data = yaml.load(text, Loader=yaml.BaseLoader)  # noqa: S506
    except (ValueError, yaml.YAMLError) as exc:
        raise CommandError(f"{path.name} is not valid JSON or YAML: {exc}") from exc
    if data is None:
        data = {}
    if not isinstance(data, dict):
        raise CommandError(f"{path.name} must map criterion codes to points.")
    return {
        str(code): (None if isinstance(v, str) and v.strip() in _NULLS else v)
        for code, v in data.items()
    }


def number(value: Decimal) -> int | float:
    """A JSON number: an integer when whole, else a decimal."""
    return int(value) if value == value.to_integral_value() else float(value)


def result_dict(code: str, sheet: Sheet, result: ScoreResult) -> dict:
    stars = result.stars
    return {
        "criteria_set": code,
        "product_set": sheet.product_set,
        "product_set_name": sheet.name_vi,
        "total": number(result.total),
        "parts": {part: number(points) for part, points in result.parts.items()},
        "stars": stars.stars,
        "band_stars": stars.band_stars,
        "recognisable": stars.recognisable,
        "missed_minimums": [
            {
                "criterion": m.criterion,
                "required_points": number(m.required_points),
                "for_stars": m.for_stars,
            }
            for m in stars.missed_minimums
        ],  # fmt: skip
        "unanswered": result.unanswered,
        "not_applicable": result.not_applicable,
        "points": {c: number(p) for c, p in result.points.items()},
    }


class Command(BaseCommand):
    help = "Score a product's own answers against a product set's sheet (tự đánh giá)."

    def add_arguments(self, parser):
        parser.add_argument("--criteria-set", dest="criteria_set",
                            help="criteria set code (default: the set in force today)")  # fmt: skip
        parser.add_argument("--product-set", dest="product_set", type=int, required=True)
        parser.add_argument("--answers", required=True, help="YAML or JSON file")
        parser.add_argument("--format", choices=["table", "json"], default="table")

    def handle(self, *args, criteria_set, product_set, answers, format, **options):
        if criteria_set is None:
            current = selectors.current_criteria_set()
            if current is None:
                raise CommandError("No criteria set is loaded; run `ocop criteria load`.")
            criteria_set = current.code
        try:
            ps = selectors.product_set_get(criteria_set, product_set)
        except Http404:
            raise CommandError(
                f"Criteria set {criteria_set} has no product set {product_set}."
            ) from None
        sheet = selectors.sheet_of(ps)
        if sheet is None:
            raise CommandError(f"Criteria set {criteria_set} has no score sheets.")
        try:
            result = score_answers(sheet, read_answers(Path(answers)))
        except AnswerError as exc:
            raise CommandError(exc.message) from exc
        data = result_dict(criteria_set, sheet, result)
        if format == "json":
            self.stdout.write(json.dumps(data, ensure_ascii=False, indent=2))
        else:
            self._table(sheet, data)

    def _table(self, sheet: Sheet, data: dict) -> None:
        out = self.stdout.write
        out(
            _("%(criteria_set)s  product set %(number)s: %(name)s")
            % {
                "criteria_set": data["criteria_set"],
                "number": sheet.product_set,
                "name": sheet.name_vi,
            }
        )
        for part in sheet.parts:
            got = data["parts"][part.code]
            out(
                _("  Part %(code)s  %(got)6s / %(max)-3s  %(title)s")
                % {
                    "code": part.code,
                    "got": got,
                    "max": format_points(part.max_points),
                    "title": part.title_vi,
                }
            )
        out(
            _("  Total   %(total)6s / %(max)s")
            % {"total": data["total"], "max": format_points(sheet.total_max_points)}
        )
        values = {"stars": data["stars"], "band": data["band_stars"]}
        if data["recognisable"]:
            out(_("  Stars   %(stars)s (recognisable; the total alone gives %(band)s)") % values)
        else:
            out(
                _("  Stars   %(stars)s (not recognisable; the total alone gives %(band)s)") % values
            )
        if data["missed_minimums"]:
            out(_("  Missed minimums:"))
            for m in data["missed_minimums"]:
                out(
                    _("    %(criterion)-6s needs %(points)s points for %(stars)s stars")
                    % {
                        "criterion": m["criterion"],
                        "points": m["required_points"],
                        "stars": m["for_stars"],
                    }
                )
        if data["unanswered"]:
            out(_("  Left out, counted 0: %(codes)s") % {"codes": ", ".join(data["unanswered"])})
