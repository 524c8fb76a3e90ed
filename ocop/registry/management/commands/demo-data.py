"""Load the demo data (real administrative units, an invented Hòa Bình 2021 set, demo users).

Idempotent: running it twice changes nothing.
"""

from django.core.management.base import BaseCommand


class Command(BaseCommand):
    help = "Load the demonstration data set and the demo users (password ocop-demo)."

    def handle(self, *args, **options):
        from ocop.registry.demo import load_demo

        summary = load_demo()
        self.stdout.write(self.style.SUCCESS(summary))
