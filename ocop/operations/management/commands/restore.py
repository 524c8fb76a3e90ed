from pathlib import Path

from django.core.management.base import BaseCommand, CommandError
from django.utils.translation import gettext as _

from ocop.operations import services
from ocop.operations.management.commands._passphrase import read_passphrase


class Command(BaseCommand):
    help = (
        "Restore an archive made by `ocop backup` into an empty data directory and an empty "
        "database, after checking its checksums, row counts and passphrase."
    )
    requires_system_checks = []

    def add_arguments(self, parser):
        parser.add_argument("file", help="archive made by `ocop backup`")

    def handle(self, *args, **options):
        source = Path(options["file"])
        if not source.is_file():
            raise CommandError(_("%(path)s is not a file.") % {"path": source})
        problems = services.restore_refusals()
        if problems:
            raise CommandError(" ".join([*problems, _("A restore only goes into an empty place.")]))
        passphrase = read_passphrase(confirm=False)
        try:
            manifest = services.backup_restore(source=source, passphrase=passphrase)
        except services.BackupError as error:
            raise CommandError(str(error)) from error
        self.stdout.write(
            _("Restored the backup of %(created)s: %(files)d files and %(rows)d rows checked.")
            % {
                "created": manifest["created_at"],
                "files": len(manifest["files"]),
                "rows": sum(manifest["row_counts"].values()),
            }
        )
