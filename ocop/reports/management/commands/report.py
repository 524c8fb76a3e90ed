"""``ocop report summary [--province P] [--year Y] [--decision NO] [--on DATE]
[--format json|xlsx|table] [--output FILE]``."""

import datetime
import json
import sys

from django.core.management.base import BaseCommand, CommandError

from ocop.core.exceptions import DomainError
from ocop.reports import exports, selectors


class Command(BaseCommand):
    help = "Statistics of recognised products (summary)."

    def add_arguments(self, parser):
        parser.add_argument("what", choices=["summary"])
        parser.add_argument("--province", help="name or code, resolved at --on or --year")
        parser.add_argument("--year", type=int)
        parser.add_argument("--decision", help="decision number")
        parser.add_argument("--on", help="count only certificates valid that day (YYYY-MM-DD)")
        parser.add_argument("--format", choices=["json", "xlsx", "table"], default="json")
        parser.add_argument("--output", help="write to this file instead of standard output")

    def handle(self, *args, what, province, year, decision, on, format, output, **options):
        day = None
        if on:
            try:
                day = datetime.date.fromisoformat(on)
            except ValueError as exc:
                raise CommandError(f"--on: {on!r} is not a date (YYYY-MM-DD)") from exc
        try:
            unit = selectors.province_or_error(province, year=year, on=day) if province else None
        except DomainError as exc:
            raise CommandError(str(exc)) from exc
        data = selectors.summary(province=unit, year=year, decision=decision, on=day)
        if format == "xlsx":
            if not output:
                raise CommandError("--format xlsx needs --output FILE")
            sel = selectors.Selection(unit=unit, year=year, decision=decision, on=day)
            era = unit.era if unit is not None else selectors.Era.NEW
            tables = exports.summary_tables(
                data,
                selectors.by_unit(sel, era=era, parent=unit),
                selectors.breakdown(sel, "product_set"),
            )
            payload = exports.to_xlsx(tables)
        elif format == "json":
            payload = (json.dumps(data, ensure_ascii=False, indent=2) + "\n").encode()
        else:
            payload = self._table(data).encode()
        if output:
            with open(output, "wb") as fh:
                fh.write(payload)
        else:
            sys.stdout.buffer.write(payload) if format == "xlsx" else self.stdout.write(
                payload.decode(), ending=""
            )

    @staticmethod
    def _table(data) -> str:
        (facts,) = exports.summary_tables(data)
        width = max(len(str(r[0])) for r in facts.rows)
        return "".join(f"{str(k):<{width}}  {v}\n" for k, v in facts.rows)
