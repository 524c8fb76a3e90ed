"""The public record of a certificate: what the verification page, its JSON, the API and the
open data state. It is built from the frozen, signed facts, never from the registry as it is
now, and carries no score. Its status comes from the one definition (``status.status_on``),
and is ``not_genuine`` when the record no longer matches its signature."""

from __future__ import annotations

import datetime

from django.utils import timezone

from ocop.certificates import keyring, signing
from ocop.certificates.facts import FACT_KEYS, facts_for
from ocop.certificates.offline import Claim, NotGenuine, check
from ocop.certificates.status import NOT_GENUINE, status_on


def facts_of(certificate) -> dict:
    """The frozen facts; a record from before facts were frozen shows them as they stand."""
    return certificate.facts or facts_for(certificate)


def public_status(certificate, day: datetime.date | None = None) -> str:
    return status_on(certificate, day or timezone.localdate(), genuine=signing.genuine(certificate))


def claim_holds(certificate, claim: Claim) -> bool:
    """Whether a signed address (``claim``) is genuine and says what the stored record says:
    its signature holds under a published, unrevoked key, and its facts and key are the
    record's, which is itself genuine. The same check as ``ocop verify``, plus the record."""
    try:
        facts = check(claim, keyring.published_by_id())
    except NotGenuine:
        return False
    return (
        facts == facts_of(certificate)
        and claim.key == certificate.key_id
        and signing.genuine(certificate)
    )


def public_record(
    certificate, day: datetime.date | None = None, *, claim: Claim | None = None
) -> dict:
    """The public facts, status and signature state of ``certificate`` on ``day``; with the
    ``claim`` of a signed address, ``not_genuine`` unless the address holds."""
    facts = facts_of(certificate)
    revoked = certificate.revoked
    record = {key: facts.get(key) for key in FACT_KEYS if key != "v"}
    address = (
        None if claim is None else ("genuine" if claim_holds(certificate, claim) else "not_genuine")
    )
    record.update(
        {
            "status": NOT_GENUINE if address == "not_genuine" else public_status(certificate, day),
            "address": address,
            "signature": signing.state(certificate),
            "source": certificate.decision.source,
            "revoked_on": certificate.revoked_on.isoformat()
            if revoked and certificate.revoked_on
            else None,
            "revocation_ground": certificate.revocation_ground if revoked else None,
        }
    )
    return record
