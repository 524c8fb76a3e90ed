"""``ocop certificates expire [--on DATE]``: move products whose certificate expired.
``ocop certificates reindex``: rebuild the catalogue's index from the certificates."""

import datetime

from django.core.management.base import BaseCommand, CommandError
from django.db import transaction

from ocop.certificates.catalogue_index import catalogue_rebuild
from ocop.certificates.services import certificates_expire


class Command(BaseCommand):
    help = (
        "Certificate housekeeping. 'expire': mark products whose certificate has expired; "
        "'reindex': rebuild the catalogue's index."
    )

    def add_arguments(self, parser):
        parser.add_argument("action", choices=["expire", "reindex"])
        parser.add_argument("--on", help="the day to check (YYYY-MM-DD); default today")

    def handle(self, *args, action, on=None, **options):
        if action == "reindex":
            with transaction.atomic():
                entries = catalogue_rebuild()
            self.stdout.write(f"{entries} catalogue entries")
            return
        try:
            day = datetime.date.fromisoformat(on) if on else None
        except ValueError as exc:
            raise CommandError(f"--on must be a date YYYY-MM-DD, not {on!r}") from exc
        moved = certificates_expire(today=day)
        for product in moved:
            self.stdout.write(f"expired: {product.public_code} {product.name}")
        self.stdout.write(f"{len(moved)} products moved to expired")
