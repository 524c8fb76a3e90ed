"""``ocop notify due [--on DATE] [--format json|table]``: send the notifications due on a day
(the certificate expiry warnings, the corrective actions overdue) and print what was sent. A
second run on the same day sends nothing again."""

import json

from django.core.management.base import BaseCommand, CommandError

from ocop.core.dates import parse_day
from ocop.programme.notices import overdue_actions_send
from ocop.programme.services.warnings import expiry_warnings_send


class Command(BaseCommand):
    help = (
        "Notifications. 'due': send the warnings due on the day (certificates reaching 180, "
        "120 or 30 days before expiry, or expiring that day; corrective actions past their "
        "deadline) and print what was sent."
    )

    def add_arguments(self, parser):
        parser.add_argument("action", choices=["due"])
        parser.add_argument("--on", help="the day (dd/mm/yyyy or yyyy-mm-dd); default today")
        parser.add_argument("--format", choices=["json", "table"], default="table")

    def handle(self, *args, action, on=None, format="table", **options):
        try:
            day = parse_day(on) if on else None
        except ValueError as exc:
            raise CommandError(f"--on must be a day dd/mm/yyyy or yyyy-mm-dd, not {on!r}") from exc
        sent = expiry_warnings_send(day=day) + overdue_actions_send(day=day)
        if format == "json":
            self.stdout.write(json.dumps({"sent": sent}, ensure_ascii=False))
            return
        for row in sent:
            self.stdout.write(
                f"{row['kind']:<36} {row.get('certificate') or row['visit']:<16} "
                f"{row['recipient']:<24} "
                f"{row['channel']}"
            )
        self.stdout.write(f"{len(sent)} notifications sent")
