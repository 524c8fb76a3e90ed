"""Verification that needs no trust in the site: the signed address of a certificate and its
offline check (``ocop verify <address> [--keys FILE]``).

This module imports only the standard library and ``cryptography``: it runs with no Django
settings, no database and no network. The site builds its addresses with the same functions,
so there is one definition of the address.

An address is ``<site>/v/<code>?01=<gtin>&f=<facts>&k=<key id>&s=<signature>``:

- ``01`` is the product's GTIN when it has one (the GS1 application identifier, as in a GS1
  Digital Link); it must equal the signed ``gtin`` fact;
- ``f`` is the frozen facts as a JSON array of values in ``FACT_KEYS`` order (the first value is
  the facts version), raw-deflated and base64url-encoded without padding;
- ``k`` is the id of the signing key (``key_id``), ``s`` the Ed25519 signature (base64url) over
  ``canonical(facts)``, the very bytes the site signs.

Everything a person needs is in the address; the published keys document
(``/.well-known/ocop-keys.json``) says which keys are genuine. A valid signature proves what was
decided; whether the certificate was revoked or expired since is the live status, which needs
the site or its open data.
"""

from __future__ import annotations

import argparse
import base64
import binascii
import hashlib
import json
import os
import sys
import zlib
from dataclasses import dataclass
from pathlib import Path
from urllib.parse import parse_qs, urlencode, urlsplit

from cryptography.exceptions import InvalidSignature
from cryptography.hazmat.primitives.asymmetric.ed25519 import Ed25519PublicKey

FACTS_VERSION = 1

# The facts, in the order a person reads them; every key is always present (None when unknown).
FACT_KEYS = (
    "v",
    "code",
    "product_code",
    "product",
    "gtin",
    "producer_code",
    "producer",
    "unit",
    "province",
    "stars",
    "kind",
    "decision_number",
    "decision_date",
    "issuing_body",
    "issued_on",
    "expires_on",
)
KEYS_BY_VERSION = {1: FACT_KEYS}

ALGORITHM = "Ed25519"
WELL_KNOWN_PATH = "/.well-known/ocop-keys.json"
KEYS_ENV = "OCOP_KEYS_FILE"
BUNDLED_KEYS = Path(__file__).resolve().parent / "published-keys.json"
# the facts of one certificate are a few hundred bytes; refuse anything that inflates further
MAX_FACTS_BYTES = 4096
GTIN_PARAM = "01"


def canonical(facts: dict) -> bytes:
    """The bytes that are signed: compact JSON, keys sorted, UTF-8."""
    return json.dumps(facts, ensure_ascii=False, sort_keys=True, separators=(",", ":")).encode()


def b64url(data: bytes) -> str:
    return base64.urlsafe_b64encode(data).decode().rstrip("=")


def unb64url(text: str) -> bytes:
    """Strict base64url without padding; ValueError on anything else."""
    if not text or any(c not in _B64URL for c in text):
        raise ValueError("not base64url")
    return base64.urlsafe_b64decode(text + "=" * (-len(text) % 4))


_B64URL = frozenset("ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789-_")


def key_id(public_raw: bytes) -> str:
    """A key's id: the first 8 bytes of the SHA-256 of its raw public key, base64url."""
    return b64url(hashlib.sha256(public_raw).digest()[:8])


def pack_facts(facts: dict) -> str:
    values = [facts.get(key) for key in KEYS_BY_VERSION[facts["v"]]]
    text = json.dumps(values, ensure_ascii=False, separators=(",", ":")).encode()
    deflate = zlib.compressobj(9, zlib.DEFLATED, -15)
    return b64url(deflate.compress(text) + deflate.flush())


def unpack_facts(packed: str) -> dict:
    """The facts dict of a packed ``f`` value; ValueError when it is not one."""
    inflate = zlib.decompressobj(-15)
    try:
        text = inflate.decompress(unb64url(packed), MAX_FACTS_BYTES)
        values = json.loads(text.decode())
    except (zlib.error, UnicodeDecodeError, json.JSONDecodeError, binascii.Error) as exc:
        raise ValueError("the facts cannot be read") from exc
    if inflate.unconsumed_tail or not inflate.eof:
        raise ValueError("the facts cannot be read")
    if not isinstance(values, list) or not values or values[0] not in KEYS_BY_VERSION:
        raise ValueError("unknown facts version")
    keys = KEYS_BY_VERSION[values[0]]
    if len(values) != len(keys):
        raise ValueError("the facts have the wrong length")
    return dict(zip(keys, values, strict=True))


def address_query(facts: dict, key: str, signature_b64url: str) -> str:
    """The query string of a certificate's signed address."""
    params = {GTIN_PARAM: facts["gtin"]} if facts.get("gtin") else {}
    params.update({"f": pack_facts(facts), "k": key, "s": signature_b64url})
    return urlencode(params)


@dataclass(frozen=True)
class Claim:
    """What an address claims: its code, facts, key id and signature (all as given)."""

    code: str
    packed: str
    key: str
    signature: str
    gtin: str | None

    @classmethod
    def from_query(cls, code: str, query: dict[str, str]) -> Claim | None:
        """The claim of a request's query; None when it carries no signature at all."""
        if not any(query.get(name) for name in ("f", "k", "s")):
            return None
        return cls(
            code=code,
            packed=query.get("f", ""),
            key=query.get("k", ""),
            signature=query.get("s", ""),
            gtin=query.get(GTIN_PARAM),
        )

    @classmethod
    def from_address(cls, address: str) -> Claim | None:
        parts = urlsplit(address.strip())
        path = parts.path.rstrip("/")
        if path.endswith(".json"):
            path = path[: -len(".json")]
        segments = path.split("/")
        if len(segments) < 2 or segments[-2] != "v" or not segments[-1]:
            raise ValueError("not a certificate verification address (…/v/<code>?…)")
        query = {k: v[-1] for k, v in parse_qs(parts.query, keep_blank_values=True).items()}
        return cls.from_query(segments[-1], query)


class NotGenuine(Exception):
    """The address is altered, or signed by an unknown or revoked key; the message says why."""


def check(claim: Claim, keys: dict[str, dict]) -> dict:
    """The signed facts of ``claim`` when its signature holds under ``keys`` (id -> entry of the
    published document); NotGenuine otherwise."""
    try:
        facts = unpack_facts(claim.packed)
    except ValueError as exc:
        raise NotGenuine(f"the facts in the address cannot be read ({exc})") from exc
    if str(facts.get("code") or "").upper() != claim.code.strip().upper():
        raise NotGenuine("the certificate code in the address differs from the signed code")
    if claim.gtin is not None and claim.gtin != (facts.get("gtin") or ""):
        raise NotGenuine("the GTIN in the address differs from the signed GTIN")
    entry = keys.get(claim.key)
    if entry is None:
        raise NotGenuine(f"the key {claim.key!r} is not a published key")
    if entry.get("status") == "revoked":
        raise NotGenuine(f"the key {claim.key} was revoked: nothing it signed can be trusted")
    try:
        public = Ed25519PublicKey.from_public_bytes(unb64url(entry["public_key"]))
        public.verify(unb64url(claim.signature), canonical(facts))
    except (InvalidSignature, ValueError, KeyError, binascii.Error) as exc:
        raise NotGenuine("the signature does not match the facts: the address was altered") from exc
    return facts


def keys_from_document(document: dict) -> dict[str, dict]:
    """The keys of a published keys document, by id; ValueError when it is not one."""
    entries = document.get("keys") if isinstance(document, dict) else None
    if not isinstance(entries, list):
        raise ValueError("not an OCOP keys document (no list of keys)")
    keys = {}
    for entry in entries:
        if not isinstance(entry, dict) or entry.get("algorithm") != ALGORITHM:
            continue
        try:
            raw = unb64url(entry.get("public_key", ""))
        except ValueError:
            continue
        # an entry whose id is not its key's id is ignored: ids cannot be swapped
        if entry.get("id") == key_id(raw):
            keys[entry["id"]] = entry
    return keys


def keys_file(given: str | None) -> Path | None:
    """--keys FILE, else the file named by OCOP_KEYS_FILE, else the copy bundled at build time."""
    if given:
        return Path(given)
    if os.environ.get(KEYS_ENV):
        return Path(os.environ[KEYS_ENV])
    return BUNDLED_KEYS if BUNDLED_KEYS.is_file() else None


LABELS = (
    ("code", "Certificate"),
    ("product", "Product"),
    ("product_code", "Product code"),
    ("gtin", "GTIN"),
    ("producer", "Producer"),
    ("producer_code", "Producer code"),
    ("unit", "Place of production"),
    ("province", "Province"),
    ("stars", "Stars"),
    ("kind", "Kind"),
    ("decision_number", "Decision"),
    ("decision_date", "Decision date"),
    ("issuing_body", "Issued by"),
    ("issued_on", "Valid from"),
    ("expires_on", "Valid until"),
)


def _day(value) -> str:
    """ISO day as dd/mm/yyyy, as the programme writes days."""
    if isinstance(value, str) and len(value) == 10 and value[4] == "-" and value[7] == "-":
        return f"{value[8:10]}/{value[5:7]}/{value[0:4]}"
    return "—" if value is None else str(value)


def describe(facts: dict) -> list[str]:
    return [f"{label + ':':<21}{_day(facts.get(key))}" for key, label in LABELS]


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(
        prog="ocop verify",
        description="Check the signature of an OCOP certificate address offline: no database, "
        "no settings, no network.",
    )
    parser.add_argument("address", help="the address in the certificate's QR code")
    parser.add_argument(
        "--keys",
        metavar="FILE",
        help=f"the published keys document ({WELL_KNOWN_PATH} of the site); default: "
        f"${KEYS_ENV}, else the copy bundled with this program",
    )
    args = parser.parse_args(argv)
    path = keys_file(args.keys)
    if path is None:
        print(
            f"ocop verify: no keys. Save {WELL_KNOWN_PATH} of the site and pass --keys FILE.",
            file=sys.stderr,
        )
        return 2
    try:
        keys = keys_from_document(json.loads(path.read_text("utf-8")))
    except (OSError, ValueError) as exc:
        print(f"ocop verify: cannot read the keys file {path}: {exc}", file=sys.stderr)
        return 2
    try:
        claim = Claim.from_address(args.address)
        if claim is None:
            raise NotGenuine("the address carries no signature (f=, k=, s=)")
        facts = check(claim, keys)
    except (NotGenuine, ValueError) as exc:
        print(f"NOT GENUINE: {exc}")
        return 1
    print(f"GENUINE: signed by key {claim.key} ({keys[claim.key].get('status')})")
    print("\n".join(describe(facts)))
    print(
        "The signature proves what was decided. Whether the certificate was revoked or has "
        "expired since is its live status: open the address on the site, or check the open data."
    )
    return 0


if __name__ == "__main__":
    sys.exit(main())
