import getpass
import os
import sys

from django.core.management.base import CommandError
from django.utils.translation import gettext as _

ENV = "OCOP_BACKUP_PASSPHRASE"


def read_passphrase(*, confirm: bool) -> str:
    """From ``OCOP_BACKUP_PASSPHRASE``, else asked on the terminal; never empty."""
    passphrase = os.environ.get(ENV, "")
    if not passphrase:
        if not sys.stdin.isatty():
            raise CommandError(
                _("Set %(env)s or run this command in a terminal to type the passphrase.")
                % {"env": ENV}
            )
        passphrase = getpass.getpass(_("Backup passphrase: "))
        if confirm and getpass.getpass(_("The passphrase again: ")) != passphrase:
            raise CommandError(_("The two passphrases differ."))
    if not passphrase.strip():
        raise CommandError(_("The backup passphrase must not be empty."))
    return passphrase
