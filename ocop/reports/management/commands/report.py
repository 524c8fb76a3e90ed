"""``ocop report summary [--province P] [--year Y] [--decision NO] [--on DATE]
[--format json|xlsx|table] [--output FILE]`` and ``ocop report certified [same selection]
--format csv|xlsx [--output FILE]``: the published certified list (the open-data download,
without scores), written as it is read."""

import datetime
import json
import sys
from contextlib import nullcontext

from django.core.management.base import BaseCommand, CommandError

from ocop.core.exceptions import DomainError
from ocop.reports import exports, selectors


class Command(BaseCommand):
    help = "Statistics of recognised products (summary), or the certified list (certified)."

    def add_arguments(self, parser):
        parser.add_argument("what", choices=["summary", "certified"])
        parser.add_argument("--province", help="name or code, resolved at --on or --year")
        parser.add_argument("--year", type=int)
        parser.add_argument("--decision", help="decision number")
        parser.add_argument("--on", help="count only certificates valid that day (YYYY-MM-DD)")
        parser.add_argument(
            "--format",
            choices=["json", "xlsx", "table", "csv"],
            help="summary: json (default), xlsx or table; certified: csv (default) or xlsx",
        )
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
        if what == "certified":
            self._certified(
                selectors.Selection(unit=unit, year=year, decision=decision, on=day),
                format or "csv",
                output,
            )
            return
        format = format or "json"
        if format == "csv":
            raise CommandError("--format csv is for the certified list")
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
    def _certified(sel, format: str, output: str | None) -> None:
        if format not in ("csv", "xlsx"):
            raise CommandError("the certified list is written as csv or xlsx")
        table = exports.certified_table(selectors.certificates_selected(sel), public=True)
        if output is None and format == "xlsx":
            raise CommandError("--format xlsx needs --output FILE")
        if format == "xlsx":
            with open(output, "wb") as fh:
                exports.write_xlsx([table], fh)
            return
        with open(output, "wb") if output else nullcontext(sys.stdout.buffer) as fh:
            for chunk in exports.csv_chunks(table):
                fh.write(chunk)

    @staticmethod
    def _table(data) -> str:
        (facts,) = exports.summary_tables(data)
        width = max(len(str(r[0])) for r in facts.rows)
        return "".join(f"{str(k):<{width}}  {v}\n" for k, v in facts.rows)
