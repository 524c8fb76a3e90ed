"""``ocop rollup push --to URL --token TOKEN [--province CODE] [--batch-size N] [--dry-run]``

Sends this deployment's certified list to a national deployment, in batches, to
``/api/v1/rollup/certificates/``. Pushing again changes nothing there unless a certificate
changed here (revoked, superseded) since the last push.

``ocop rollup push-progress --to URL --token TOKEN [--year YYYY] [--province CODE] [--dry-run]``
sends the targets and actual figures of the year's plans (this year unless given), one item per
province, to ``/api/v1/rollup/progress/`` (decision 0075).
"""

from django.core.management.base import BaseCommand, CommandError
from django.utils import timezone

from ocop.api import rollup
from ocop.certificates import rollup as certificate_rollup
from ocop.programme import rollup as progress_rollup

ENDPOINT = "/api/v1/rollup/certificates/"
PROGRESS_ENDPOINT = "/api/v1/rollup/progress/"


def endpoint_url(base: str, endpoint: str = ENDPOINT) -> str:
    base = base.rstrip("/")
    return base + "/" if base.endswith(endpoint.rstrip("/")) else base + endpoint


class Command(BaseCommand):
    help = "National roll-up: push the certified list to a national deployment."

    def add_arguments(self, parser):
        parser.add_argument("action", choices=["push", "push-progress"])
        parser.add_argument("--to", required=True, help="address of the national deployment")
        parser.add_argument("--token", required=True, help="API token of a user with can_import")
        parser.add_argument("--province", help="only this province (official code)")
        parser.add_argument("--batch-size", type=int, default=rollup.BATCH_SIZE)
        parser.add_argument("--year", type=int, help="push-progress: the plans' year (this year)")
        parser.add_argument(
            "--dry-run", action="store_true", help="count what would be sent, send nothing"
        )

    def handle(self, *args, action, to, token, province, batch_size, dry_run, year, **options):
        if not 1 <= batch_size <= rollup.MAX_BATCH:
            raise CommandError(f"--batch-size must be between 1 and {rollup.MAX_BATCH}")
        if action == "push-progress":
            self.push_progress(to, token, province=province, year=year, dry_run=dry_run)
            return
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

    def push_progress(self, to, token, *, province, year, dry_run):
        url = endpoint_url(to, PROGRESS_ENDPOINT)
        year = year or timezone.localdate().year
        items = progress_rollup.progress_items(year=year, province_code=province)
        if dry_run:
            self.stdout.write(f"{len(items)} provinces of {year} would be sent to {url}")
            return
        if not items:
            self.stdout.write(f"no plan of {year} to send")
            return
        try:
            answer = rollup.post_batch(url, token, items, key="provinces")
        except rollup.PushError as error:
            raise CommandError(str(error)) from error
        self.stdout.write(
            f"sent {len(items)} provinces of {year}: "
            + ", ".join(f"{key} {int(answer.get(key, 0))}" for key in progress_rollup.OUTCOMES)
        )
