"""``ocop import results|producers|products FILE [--dry-run]``."""

from pathlib import Path

from django.core.checks import Tags
from django.core.management.base import BaseCommand, CommandError

from ocop.reports import services
from ocop.reports.import_read import check_size
from ocop.reports.models import ImportKind


class Command(BaseCommand):
    help = "Import recognition results, producers or products from an .xlsx or .csv file."
    # the checks an import relies on; the URL and template checks would load every page's
    # code for nothing (about 50 MB, decision 0099): ``ocop check`` runs them all
    requires_system_checks = [Tags.models, Tags.database]

    def add_arguments(self, parser):
        parser.add_argument("kind", choices=[k.value for k in ImportKind])
        parser.add_argument("file")
        parser.add_argument(
            "--dry-run", action="store_true", help="check and count, then write nothing"
        )

    def handle(self, *args, kind, file, dry_run, **options):
        path = Path(file)
        if not path.is_file():
            raise CommandError(f"{file}: no such file")
        try:
            check_size(path.stat().st_size)
        except ValueError as refused:
            raise CommandError(str(refused)) from refused
        try:
            outcome = services.IMPORTERS[kind](
                actor=None, data=path.read_bytes(), filename=path.name, dry_run=dry_run
            )
        except services.ImportRefused as refused:
            for problem in refused.errors:
                self.stderr.write(str(problem))
            for problem in refused.warnings:
                self.stderr.write(str(problem))
            raise CommandError(str(refused)) from refused
        for problem in outcome.warnings:
            self.stderr.write(str(problem))
        label = "dry run" if dry_run else "imported"
        counts = ", ".join(f"{k}={v}" for k, v in outcome.counts.items())
        self.stdout.write(f"{label}: {outcome.rows} rows; {counts}")
