"""Ed25519 signatures on certificates, so a printed certificate can be checked against the
public page, and its QR address offline (``ocop.certificates.offline``).

The signed text is the certificate's frozen facts (``ocop.certificates.facts``) as canonical
JSON: product and producer names, unit, stars, decision and validity, everything the page and
the PDF state. Certificates signed before the facts were frozen carry the older text
``code|product|stars|issued|expires``, which still verifies. The keys are the keyring's
(``ocop.certificates.keyring``): a certificate keeps the id of the key that signed it
(``key_id``) and verifies with that key for as long as it is not revoked.
"""

from __future__ import annotations

import base64
from pathlib import Path

from cryptography.exceptions import InvalidSignature
from cryptography.hazmat.primitives.asymmetric.ed25519 import Ed25519PrivateKey, Ed25519PublicKey

from ocop.certificates import keyring
from ocop.certificates.facts import canonical, facts_for, row_agrees
from ocop.certificates.offline import address_query, b64url

ENV = keyring.ENV


def key_file() -> Path:
    """The file of the first signing key (later keys sit beside it, in ``keys_dir``)."""
    return keyring.keys_dir() / keyring.FIRST_KEY


def signing_key() -> Ed25519PrivateKey:
    return keyring.active().private


def payload(certificate) -> bytes:
    if certificate.facts:
        return canonical(certificate.facts)
    return "|".join(
        [
            certificate.code,
            certificate.product.public_code,
            str(certificate.stars),
            certificate.issued_on.isoformat(),
            certificate.expires_on.isoformat(),
        ]
    ).encode()


def sign(certificate) -> str:
    """Sign with the active key, and note its id on the certificate."""
    key = keyring.active()
    certificate.key_id = key.id
    return base64.b64encode(key.private.sign(payload(certificate))).decode()


def seal(certificate, *, save: bool = True) -> None:
    """Freeze the certificate's facts as they stand and sign them (at issue only). Bulk writers
    seal unsaved certificates with ``save=False`` and insert them afterwards."""
    certificate.facts = facts_for(certificate)
    certificate.signature = sign(certificate)
    if save:
        certificate.save(update_fields=["facts", "signature", "key_id"])


def state(certificate) -> str:
    """``verified``, ``unsigned`` (e.g. a record imported from an earlier list) or ``invalid``
    (the signature, or the columns that lists read, no longer match the signed facts)."""
    if not certificate.signature:
        return "invalid" if certificate.facts and not row_agrees(certificate) else "unsigned"
    return "verified" if verify(certificate) else "invalid"


def genuine(certificate) -> bool:
    """False when the record does not match what was signed: its status is then not genuine."""
    return state(certificate) != "invalid"


def verify(certificate) -> bool:
    """Whether the signature matches the record. A page asks this several times of one record
    (status, signature line, JSON): the answer is kept on the object for as long as the signed
    text and the signature stay what they were."""
    if not certificate.signature:
        return False
    if certificate.facts and not row_agrees(certificate):
        return False
    text = payload(certificate)
    kid = getattr(certificate, "key_id", "")  # absent on the historical model of migration 0004
    checked = getattr(certificate, "_ocop_verified", None)
    if checked is not None and checked[0] == (certificate.signature, kid, text):
        return checked[1]
    key = keyring.by_id(kid) if kid else keyring.active()
    try:
        if key is None or key.status == keyring.REVOKED:
            raise InvalidSignature
        public = Ed25519PublicKey.from_public_bytes(key.public_raw)
        public.verify(base64.b64decode(certificate.signature), text)
        answer = True
    except (InvalidSignature, ValueError):
        answer = False
    certificate._ocop_verified = ((certificate.signature, kid, text), answer)
    return answer


def address_query_of(certificate) -> str:
    """The query of the certificate's signed verification address; empty when it carries no
    signature over frozen facts (a record imported from an earlier list)."""
    if not (certificate.facts and certificate.signature and certificate.key_id):
        return ""
    raw = base64.b64decode(certificate.signature)
    return address_query(certificate.facts, certificate.key_id, b64url(raw))
