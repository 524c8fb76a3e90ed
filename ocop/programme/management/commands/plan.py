"""``ocop plan progress --year Y [--province P] [--on YYYY-MM-DD] [--format json|table|xlsx]
[--output FILE]``: the progress of the year's plans, the same figures as the progress page."""

import datetime
import json
import sys

from django.core.management.base import BaseCommand, CommandError

from ocop.geo.models import Level
from ocop.geo.selectors import units_find
from ocop.programme.models import Plan
from ocop.programme.plan_export import progress_xlsx
from ocop.programme.selectors.progress import combined_json, plan_progress


class Command(BaseCommand):
    help = "Progress of the programme plans of a year (targets and actual figures per unit)."

    def add_arguments(self, parser):
        parser.add_argument("what", choices=["progress"])
        parser.add_argument("--year", type=int, required=True)
        parser.add_argument("--province", help="name or code of the issuing province")
        parser.add_argument("--on", help="count up to this day (YYYY-MM-DD; default today)")
        parser.add_argument("--format", choices=["json", "table", "xlsx"], default="json")
        parser.add_argument("--output", help="write to this file instead of standard output")

    def handle(self, *args, what, year, province, on, format, output, **options):
        day = None
        if on:
            try:
                day = datetime.date.fromisoformat(on)
            except ValueError as exc:
                raise CommandError(f"--on: {on!r} is not a date (YYYY-MM-DD)") from exc
        plans = Plan.objects.filter(year=year).select_related("province").order_by("number")
        if province:
            found = units_find(province, on=datetime.date(year, 7, 1), level=Level.PROVINCE)
            found = found | units_find(province, on=datetime.date(year, 1, 1), level=Level.PROVINCE)
            if not found.exists():
                raise CommandError(f"--province: {province!r} is not known in {year}")
            plans = plans.filter(province__in=found)
        progresses = [plan_progress(plan, on=day) for plan in plans]
        if format == "xlsx":
            if not output or len(progresses) != 1:
                raise CommandError("--format xlsx needs --output FILE and exactly one plan")
            payload = progress_xlsx(progresses[0])
        elif format == "json":
            data = combined_json(year, progresses)
            payload = (json.dumps(data, ensure_ascii=False, indent=2) + "\n").encode()
        else:
            payload = self._table(combined_json(year, progresses)).encode()
        if output:
            with open(output, "wb") as fh:
                fh.write(payload)
        elif format == "xlsx":
            sys.stdout.buffer.write(payload)
        else:
            self.stdout.write(payload.decode(), ending="")

    @staticmethod
    def _table(data: dict) -> str:
        keys = list(data["totals"]["target"])
        lines = ["\t".join(["unit", *keys, "status"])]
        for row in data["units"]:
            cells = [f"{row['actual'].get(k, 0)}/{row['target'].get(k, '-')}" for k in keys]
            lines.append("\t".join([row["unit"], *cells, row["status"]]))
        totals = [
            f"{data['totals']['actual'].get(k, 0)}/{data['totals']['target'][k]}" for k in keys
        ]
        lines.append("\t".join(["total", *totals, ""]))
        return "\n".join(lines) + "\n"
