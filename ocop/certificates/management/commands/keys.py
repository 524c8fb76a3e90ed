"""``ocop keys generate|rotate|revoke <id>|resign [--key ID]|list|export``: the certificate
signing keyring."""

import json

from django.core.management.base import BaseCommand, CommandError

from ocop.certificates import keyring
from ocop.certificates.services import certificates_resign
from ocop.core.exceptions import DomainError


class Command(BaseCommand):
    help = (
        "Signing keys. 'generate': the first key; 'rotate': retire the active key and make a new "
        "one; 'revoke ID': mark a compromised key (what it signed is no longer genuine); "
        "'resign [--key ID]': sign again with the active key what a retired or revoked key "
        "signed (then reprint those labels); 'list': the keys; 'export': print "
        "/.well-known/ocop-keys.json."
    )

    def add_arguments(self, parser):
        parser.add_argument(
            "action", choices=["generate", "rotate", "revoke", "resign", "list", "export"]
        )
        parser.add_argument("id", nargs="?", help="the key id (revoke)")
        parser.add_argument(
            "--key", default="", help="resign: only what this retired or revoked key signed"
        )

    def handle(self, *args, action, id=None, key="", **options):
        try:
            if action == "generate":
                self._done("generated", keyring.key_generate())
            elif action == "rotate":
                self._done("active", keyring.key_rotate())
            elif action == "revoke":
                if not id:
                    raise CommandError("revoke needs the key id: ocop keys revoke <id>")
                self._done("revoked", keyring.key_revoke(id))
            elif action == "resign":
                self._resign(key)
            elif action == "list":
                for key in keyring.all_keys():
                    entry = key.published()
                    dates = " ".join(
                        f"{name}={entry[name]}"
                        for name in ("created", "retired", "revoked")
                        if entry[name]
                    )
                    self.stdout.write(f"{key.id}  {key.status:<8} {dates}")
            else:
                document = keyring.published_document()
                self.stdout.write(json.dumps(document, indent=2, ensure_ascii=False))
        except DomainError as error:
            raise CommandError(str(error)) from error

    def _done(self, what: str, key) -> None:
        self.stdout.write(f"{what}: {key.id} ({key.status})")

    def _resign(self, key: str) -> None:
        resigned, refused = certificates_resign(key_id=key)
        active = keyring.active().id
        for certificate in resigned:
            self.stdout.write(f"re-signed: {certificate.code} with key {active}")
        for certificate in refused:
            self.stderr.write(
                f"refused: {certificate.code} no longer matches what key "
                f"{certificate.key_id} signed; check the record"
            )
        self.stdout.write(
            f"{len(resigned)} certificates re-signed, {len(refused)} refused. Reprint the labels "
            "and certificates of those re-signed: their printed QR codes carry the old signature."
        )
