"""``ocop geo load`` loads the shipped unit snapshot; ``ocop geo lookup NAME`` finds units."""

import datetime
import time

from django.core.management.base import BaseCommand, CommandError
from django.utils import timezone

from ocop.geo.models import Level
from ocop.geo.resolver import Resolver
from ocop.geo.selectors import unit_current, unit_label, with_ancestors
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
        found = Resolver().candidates(options["name"], on=on, level=options.get("level"))
        if not found:
            raise CommandError(f"no unit named {options['name']!r} on {on.isoformat()}")
        units = with_ancestors(r.unit for r in found)
        for unit, resolution in zip(units, found, strict=True):
            line = f"{unit.key}\t{unit_label(unit)}"
            current = resolution.successor or unit_current(unit)
            if current is not None and current != unit:
                line += f"\t-> {current.key} {current.full_name}"
            if resolution.former_name:
                line += f"\t(former name: {resolution.former_name})"
            self.stdout.write(line)
