"""The public record of a certificate: what the verification page, its JSON, the API and the
open data state. It is built from the frozen, signed facts, never from the registry as it is
now, and carries no score. Its status comes from the one definition (``status.status_on``),
and is ``not_genuine`` when the record no longer matches its signature."""

from __future__ import annotations

import datetime

from django.utils import timezone

from ocop.certificates import signing
from ocop.certificates.facts import FACT_KEYS, facts_for
from ocop.certificates.status import status_on


def facts_of(certificate) -> dict:
    """The frozen facts; a record from before facts were frozen shows them as they stand."""
    return certificate.facts or facts_for(certificate)


def public_status(certificate, day: datetime.date | None = None) -> str:
    return status_on(certificate, day or timezone.localdate(), genuine=signing.genuine(certificate))


def public_record(certificate, day: datetime.date | None = None) -> dict:
    """The public facts, status and signature state of ``certificate`` on ``day``."""
    facts = facts_of(certificate)
    revoked = certificate.revoked
    record = {key: facts.get(key) for key in FACT_KEYS if key != "v"}
    record.update(
        {
            "status": public_status(certificate, day),
            "signature": signing.state(certificate),
            "source": certificate.decision.source,
            "revoked_on": certificate.revoked_on.isoformat()
            if revoked and certificate.revoked_on
            else None,
            "revocation_ground": certificate.revocation_ground if revoked else None,
        }
    )
    return record
