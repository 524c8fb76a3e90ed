"""Ed25519 signatures on certificates, so a printed certificate can be checked against the
public page.

The signed text is the certificate's frozen facts (``ocop.certificates.facts``) as canonical
JSON: product and producer names, unit, stars, decision and validity, everything the page and
the PDF state. Certificates signed before the facts were frozen carry the older text
``code|product|stars|issued|expires``, which still verifies. The private key comes from ``OCOP_SIGNING_KEY`` (base64 of the 32-byte raw
key) or, when that is unset, from ``<data dir>/keys/certificate-signing.key``, generated with
mode 0600 on first use. Keys are never part of the repository.
"""

from __future__ import annotations

import base64
import os
from pathlib import Path

from cryptography.exceptions import InvalidSignature
from cryptography.hazmat.primitives import serialization
from cryptography.hazmat.primitives.asymmetric.ed25519 import Ed25519PrivateKey
from django.conf import settings

from ocop.certificates.facts import canonical, facts_for, row_agrees

ENV = "OCOP_SIGNING_KEY"
_cache: dict[str, Ed25519PrivateKey] = {}


def _raw(key: Ed25519PrivateKey) -> bytes:
    return key.private_bytes(
        serialization.Encoding.Raw, serialization.PrivateFormat.Raw, serialization.NoEncryption()
    )


def key_file() -> Path:
    return Path(settings.DATA_DIR) / "keys" / "certificate-signing.key"


def signing_key() -> Ed25519PrivateKey:
    encoded = os.environ.get(ENV, "").strip()
    cache_key = encoded or str(key_file())
    if cache_key in _cache:
        return _cache[cache_key]
    if encoded:
        key = Ed25519PrivateKey.from_private_bytes(base64.b64decode(encoded))
    else:
        path = key_file()
        if path.exists():
            key = Ed25519PrivateKey.from_private_bytes(base64.b64decode(path.read_text().strip()))
        else:
            key = Ed25519PrivateKey.generate()
            path.parent.mkdir(parents=True, exist_ok=True)
            fd = os.open(path, os.O_WRONLY | os.O_CREAT | os.O_EXCL, 0o600)
            with os.fdopen(fd, "w") as handle:
                handle.write(base64.b64encode(_raw(key)).decode())
    _cache[cache_key] = key
    return key


def public_key_b64() -> str:
    raw = (
        signing_key()
        .public_key()
        .public_bytes(serialization.Encoding.Raw, serialization.PublicFormat.Raw)
    )
    return base64.b64encode(raw).decode()


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
    return base64.b64encode(signing_key().sign(payload(certificate))).decode()


def seal(certificate, *, save: bool = True) -> None:
    """Freeze the certificate's facts as they stand and sign them (at issue only). Bulk writers
    seal unsaved certificates with ``save=False`` and insert them afterwards."""
    certificate.facts = facts_for(certificate)
    certificate.signature = sign(certificate)
    if save:
        certificate.save(update_fields=["facts", "signature"])


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
    checked = getattr(certificate, "_ocop_verified", None)
    if checked is not None and checked[0] == (certificate.signature, text):
        return checked[1]
    try:
        signing_key().public_key().verify(base64.b64decode(certificate.signature), text)
        answer = True
    except (InvalidSignature, ValueError):
        answer = False
    certificate._ocop_verified = ((certificate.signature, text), answer)
    return answer
