"""``ocop certificates expire [--on DATE]``: move products whose certificate expired."""

import datetime

from django.core.management.base import BaseCommand, CommandError

from ocop.certificates.services import certificates_expire


class Command(BaseCommand):
    help = "Certificate housekeeping. 'expire': mark products whose certificate has expired."

    def add_arguments(self, parser):
        parser.add_argument("action", choices=["expire"])
        parser.add_argument("--on", help="the day to check (YYYY-MM-DD); default today")

    def handle(self, *args, action, on=None, **options):
        try:
            day = datetime.date.fromisoformat(on) if on else None
        except ValueError as exc:
            raise CommandError(f"--on must be a date YYYY-MM-DD, not {on!r}") from exc
        moved = certificates_expire(today=day)
        for product in moved:
            self.stdout.write(f"expired: {product.public_code} {product.name}")
        self.stdout.write(f"{len(moved)} products moved to expired")
