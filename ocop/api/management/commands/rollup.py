"""``ocop rollup push --to URL --token TOKEN [--province CODE] [--batch-size N] [--dry-run]``

Sends this deployment's certified list to a national deployment, in batches, to
``/api/v1/rollup/certificates/``. Pushing again changes nothing there unless a certificate
changed here (revoked, superseded) since the last push.
"""

from django.core.management.base import BaseCommand, CommandError
from django.utils import timezone

from ocop.api import rollup
from ocop.certificates import rollup as certificate_rollup

ENDPOINT = "/api/v1/rollup/certificates/"


def endpoint_url(base: str) -> str:
    base = base.rstrip("/")
    return base + "/" if base.endswith(ENDPOINT.rstrip("/")) else base + ENDPOINT


class Command(BaseCommand):
    help = "National roll-up: push the certified list to a national deployment."

    def add_arguments(self, parser):
        parser.add_argument("action", choices=["push"])
        parser.add_argument("--to", required=True, help="address of the national deployment")
        parser.add_argument("--token", required=True, help="API token of a user with can_import")
        parser.add_argument("--province", help="only this province (official code)")
        parser.add_argument("--batch-size", type=int, default=rollup.BATCH_SIZE)
        parser.add_argument(
            "--dry-run", action="store_true", help="count what would be sent, send nothing"
        )

    def handle(self, *args, action, to, token, province, batch_size, dry_run, **options):
        if not 1 <= batch_size <= rollup.MAX_BATCH:
            raise CommandError(f"--batch-size must be between 1 and {rollup.MAX_BATCH}")
        url = endpoint_url(to)
        today = timezone.localdate()
        certificates = certificate_rollup.certificates_to_push(province_code=province)
        items = (
            certificate_rollup.certificate_item(c, today=today) for c in certificates.iterator()
        )
        totals = {"sent": 0, "created": 0, "updated": 0, "unchanged": 0}
        for batch in rollup.batched(items, batch_size):
            totals["sent"] += len(batch)
            if dry_run:
                continue
            try:
                answer = rollup.post_batch(url, token, batch)
            except rollup.PushError as error:
                raise CommandError(
                    f"{error} (after {totals['sent'] - len(batch)} certificates)"
                ) from error
            for key in ("created", "updated", "unchanged"):
                totals[key] += int(answer.get(key, 0))
        if dry_run:
            self.stdout.write(f"{totals['sent']} certificates would be sent to {url}")
        else:
            self.stdout.write(
                "sent {sent}: created {created}, updated {updated}, unchanged {unchanged}".format(
                    **totals
                )
            )
