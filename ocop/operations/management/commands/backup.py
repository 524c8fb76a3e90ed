from pathlib import Path

from django.core.management.base import BaseCommand, CommandError
from django.utils.translation import gettext as _

from ocop.operations import services
from ocop.operations.management.commands._passphrase import read_passphrase


class Command(BaseCommand):
    help = (
        "Write one archive with the database, the uploaded files, the certificate signing keys "
        "(encrypted with a passphrase) and a manifest. See docs/operations.md."
    )

    def add_arguments(self, parser):
        parser.add_argument(
            "file", nargs="?", help="archive to write (default: ocop-backup-<time>.tar.gz)"
        )

    def handle(self, *args, **options):
        target = Path(options["file"] or services.default_name())
        if target.exists():
            raise CommandError(_("%(path)s already exists.") % {"path": target})
        passphrase = read_passphrase(confirm=True)
        try:
            summary = services.backup_create(target=target, passphrase=passphrase)
        except services.BackupError as error:
            raise CommandError(str(error)) from error
        manifest = summary.manifest
        if not manifest["keys"]["names"]:
            self.stderr.write(
                _(
                    "Warning: no signing key file was found in %(path)s; certificates signed so far "
                    "cannot be checked after a restore unless OCOP_SIGNING_KEY is kept elsewhere."
                )
                % {"path": services.keys_dir()}
            )
        self.stdout.write(
            _("Backup written to %(path)s: %(files)d files, %(rows)d rows.")
            % {
                "path": summary.path,
                "files": len(manifest["files"]),
                "rows": sum(manifest["row_counts"].values()),
            }
        )
