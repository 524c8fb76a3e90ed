"""Load the demo data (real administrative units, an invented Hòa Bình 2021 set, demo users).

Idempotent: running it twice changes nothing.
"""

from django.core.management.base import BaseCommand

from ocop.demo.load import load_demo


class Command(BaseCommand):
    help = "Load the demonstration data set and the demo users (password ocop-demo)."

    def add_arguments(self, parser):
        parser.add_argument(
            "--no-reference",
            action="store_true",
            help="do not run 'geo load' and 'criteria load' first",
        )

    def handle(self, *args, **options):
        summary = load_demo(load_reference=not options["no_reference"])
        self.stdout.write(self.style.SUCCESS(summary))
