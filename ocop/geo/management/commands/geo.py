"""``ocop geo load`` loads the shipped unit snapshot; ``ocop geo lookup NAME`` finds units."""

import datetime
import time

from django.core.management.base import BaseCommand, CommandError
from django.utils import timezone

from ocop.geo.models import AdminUnit, Level
from ocop.geo.selectors import unit_label, units_find, with_ancestors
from ocop.geo.services import geo_load_snapshot


class Command(BaseCommand):
    help = "Administrative units: load the shipped snapshot, or look a unit up by name."

    def add_arguments(self, parser):
        sub = parser.add_subparsers(dest="action", required=True)
        sub.add_parser("load", help="Load or update every unit and succession (idempotent).")
        lookup = sub.add_parser("lookup", help="Units answering to NAME on a date.")
        lookup.add_argument("name")
        lookup.add_argument("--on", help="date, YYYY-MM-DD (default: today)")
        lookup.add_argument("--level", choices=list(Level.values))

    def handle(self, *args, **options):
        if options["action"] == "load":
            started = time.monotonic()
            result = geo_load_snapshot(actor=None)
            self.stdout.write(f"{result.summary()} ({time.monotonic() - started:.1f} s)")
            return
        on = timezone.localdate()
        if options.get("on"):
            try:
                on = datetime.date.fromisoformat(options["on"])
            except ValueError as exc:
                raise CommandError(f"--on: not a date: {options['on']}") from exc
        found = list(units_find(options["name"], on=on, level=options.get("level")))
        if not found:
            raise CommandError(f"no unit named {options['name']!r} on {on.isoformat()}")
        now = {
            u.path: u for u in AdminUnit.objects.filter(path__in={u.current_path for u in found})
        }
        for unit in with_ancestors(found):
            current = now.get(unit.current_path)
            line = f"{unit.key}\t{unit_label(unit)}"
            if current is not None and current != unit:
                line += f"\t-> {current.key} {current.full_name}"
            self.stdout.write(line)
