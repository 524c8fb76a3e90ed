"""Create synthetic national-scale data for benchmarks (see ``ocop.demo.scale``)."""

from django.core.management.base import BaseCommand

from ocop.demo.scale import generate_scale


class Command(BaseCommand):
    help = "Create synthetic producers, products and certificates at national scale."

    def add_arguments(self, parser):
        parser.add_argument("--provinces", type=int, default=34)
        parser.add_argument("--producers", type=int, default=12000)
        parser.add_argument("--products", type=int, default=20000)
        parser.add_argument("--years", type=int, default=3)
        parser.add_argument("--seed", type=int, default=1)

    def handle(self, *args, **options):
        summary = generate_scale(
            provinces=options["provinces"],
            producers=options["producers"],
            products=options["products"],
            years=options["years"],
            seed=options["seed"],
        )
        self.stdout.write(self.style.SUCCESS(f"generated {summary}"))
