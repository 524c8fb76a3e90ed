"""The signing keyring (chìa khoá ký): the Ed25519 keys that sign certificates, with their dates.

Keys live in ``<data dir>/keys/``: ``keyring.json`` lists every key (id, public key, created,
retired and revoked days, the file of its private key) and each private key is its own file
(base64 of the 32 raw bytes, mode 0600). The first key keeps the historical name
``certificate-signing.key``, so a key made before the keyring existed is adopted as it is.
``OCOP_SIGNING_KEY`` (base64 of a raw private key), when set, is the active key instead.

Exactly one key is active and signs new certificates; ``rotate`` retires it (it still verifies
what it signed) and makes a new one active; ``revoke`` marks a key as compromised: everything it
signed then shows as not genuine (re-seal with the active key and reprint the labels). The public
half of every key is published at ``/.well-known/ocop-keys.json`` (``published_document``).

The demo (``OCOP_DEMO=1``) starts from a fixed, publicly known key, so docs/verification.md can
publish its public key; never use it for real certificates.
"""

from __future__ import annotations

import base64
import datetime
import hashlib
import json
import os
from dataclasses import dataclass, field, replace
from pathlib import Path

from cryptography.hazmat.primitives import serialization
from cryptography.hazmat.primitives.asymmetric.ed25519 import Ed25519PrivateKey
from django.conf import settings
from django.utils import timezone
from django.utils.translation import gettext as _

from ocop.certificates.offline import ALGORITHM, b64url, key_id
from ocop.core.exceptions import DomainError
from ocop.core.versions import version_bump

ENV = "OCOP_SIGNING_KEY"
KEYRING = "keyring.json"
FIRST_KEY = "certificate-signing.key"
DEMO_SEED = hashlib.sha256(b"ocop-demo-signing-key: public, never for real certificates").digest()

ACTIVE, RETIRED, REVOKED = "active", "retired", "revoked"


@dataclass(frozen=True)
class Key:
    id: str
    public_raw: bytes
    file: str | None = None
    created: datetime.date | None = None
    retired: datetime.date | None = None
    revoked: datetime.date | None = None
    private: Ed25519PrivateKey | None = field(default=None, compare=False, repr=False)

    @property
    def status(self) -> str:
        if self.revoked:
            return REVOKED
        return RETIRED if self.retired else ACTIVE

    def published(self) -> dict:
        return {
            "id": self.id,
            "algorithm": ALGORITHM,
            "public_key": b64url(self.public_raw),
            "status": self.status,
            "created": _iso(self.created),
            "retired": _iso(self.retired),
            "revoked": _iso(self.revoked),
        }


def _iso(day: datetime.date | None) -> str | None:
    return day.isoformat() if day else None


def _day(value: str | None) -> datetime.date | None:
    return datetime.date.fromisoformat(value) if value else None


def _raw_private(key: Ed25519PrivateKey) -> bytes:
    return key.private_bytes(
        serialization.Encoding.Raw, serialization.PrivateFormat.Raw, serialization.NoEncryption()
    )


def _from_private(private: Ed25519PrivateKey, **kwargs) -> Key:
    public = private.public_key().public_bytes_raw()
    return Key(id=key_id(public), public_raw=public, private=private, **kwargs)


def keys_dir() -> Path:
    return Path(settings.DATA_DIR) / "keys"


def _write_secret(path: Path, text: str) -> None:
    path.parent.mkdir(parents=True, exist_ok=True)
    fd = os.open(path, os.O_WRONLY | os.O_CREAT | os.O_EXCL, 0o600)
    with os.fdopen(fd, "w") as handle:
        handle.write(text)


def _read_private(path: Path) -> Ed25519PrivateKey:
    return Ed25519PrivateKey.from_private_bytes(base64.b64decode(path.read_text().strip()))


_cache: dict[tuple, list[Key]] = {}


def _stamp() -> tuple:
    folder = keys_dir()
    try:
        mtime = (folder / KEYRING).stat().st_mtime_ns
    except FileNotFoundError:
        mtime = None
    return (os.environ.get(ENV, "").strip(), str(folder), mtime)


def version() -> str:
    """A string that changes whenever the keyring does (a key added, rotated or revoked), for
    the caches of answers that depend on it (the verification pages)."""
    return repr(_stamp())


def _stored() -> list[Key]:
    """The keys of ``keyring.json``, adopting a first key made before the keyring existed."""
    folder = keys_dir()
    path = folder / KEYRING
    if path.exists():
        keys = []
        for entry in json.loads(path.read_text("utf-8"))["keys"]:
            private_path = folder / entry["file"] if entry.get("file") else None
            private = (
                _read_private(private_path) if private_path and private_path.exists() else None
            )
            keys.append(
                Key(
                    id=entry["id"],
                    public_raw=base64.urlsafe_b64decode(entry["public_key"] + "=="),
                    file=entry.get("file"),
                    created=_day(entry.get("created")),
                    retired=_day(entry.get("retired")),
                    revoked=_day(entry.get("revoked")),
                    private=private,
                )
            )
        return keys
    first = folder / FIRST_KEY
    if first.exists():
        created = datetime.date.fromtimestamp(first.stat().st_mtime)
        keys = [_from_private(_read_private(first), file=FIRST_KEY, created=created)]
        _save(keys)
        return keys
    return []


def _save(keys: list[Key]) -> None:
    folder = keys_dir()
    folder.mkdir(parents=True, exist_ok=True)
    entries = [
        {key: value for key, value in k.published().items() if key != "status"} | {"file": k.file}
        for k in keys
    ]
    temporary = folder / f".{KEYRING}.{os.getpid()}"
    temporary.write_text(json.dumps({"keys": entries}, indent=2) + "\n", "utf-8")
    os.chmod(temporary, 0o600)
    os.replace(temporary, folder / KEYRING)
    _cache.clear()


def all_keys() -> list[Key]:
    """Every key, oldest first; ``OCOP_SIGNING_KEY`` is the active one when it is set."""
    stamp = _stamp()
    if stamp in _cache:
        return _cache[stamp]
    stored = _stored()
    encoded = stamp[0]
    if encoded:
        env_key = _from_private(Ed25519PrivateKey.from_private_bytes(base64.b64decode(encoded)))
        known = {k.id: k for k in stored}
        merged = known.get(env_key.id)
        stored = [
            k
            if k.id == env_key.id or k.status != ACTIVE
            else replace(k, retired=k.created or timezone.localdate())
            for k in stored
        ]
        if merged is None:
            stored.append(env_key)
        else:
            stored = [
                replace(k, private=env_key.private) if k.id == env_key.id else k for k in stored
            ]
    _cache.clear()
    _cache[stamp] = stored
    return stored


def by_id(kid: str) -> Key | None:
    return next((k for k in all_keys() if k.id == kid), None)


def _new_file_key(existing: list[Key], private: Ed25519PrivateKey) -> Key:
    name = FIRST_KEY if not (keys_dir() / FIRST_KEY).exists() else None
    key = _from_private(private, created=timezone.localdate())
    name = name or f"certificate-signing-{key.id}.key"
    _write_secret(keys_dir() / name, base64.b64encode(_raw_private(private)).decode())
    key = replace(key, file=name)
    _save([*existing, key])
    return key


def active() -> Key:
    """The key that signs new certificates; the first one is made on first use."""
    current = [k for k in all_keys() if k.status == ACTIVE and k.private is not None]
    if current:
        return current[-1]
    if not all_keys():
        return key_generate()
    raise DomainError(_("No active signing key: run `ocop keys rotate`."))


def key_generate() -> Key:
    """Make the first key (the demo's fixed one in demo mode); refused when keys exist."""
    existing = all_keys()
    if existing:
        raise DomainError(_("A signing key exists already: use `ocop keys rotate` for a new one."))
    private = (
        Ed25519PrivateKey.from_private_bytes(DEMO_SEED)
        if settings.DEMO
        else Ed25519PrivateKey.generate()
    )
    return _new_file_key(existing, private)


def key_rotate() -> Key:
    """Retire the active key (it keeps verifying what it signed) and make a new active key."""
    if os.environ.get(ENV, "").strip():
        raise DomainError(_("The active key comes from OCOP_SIGNING_KEY: change it there."))
    today = timezone.localdate()
    existing = [
        replace(k, retired=k.retired or today) if k.status == ACTIVE else k for k in all_keys()
    ]
    key = _new_file_key(existing, Ed25519PrivateKey.generate())
    version_bump()  # cached public answers state which key signed what
    return key


def key_revoke(kid: str) -> Key:
    """Mark a key as compromised: what it signed is no longer genuine. The active key cannot be
    revoked: rotate first, so that new certificates have a key to sign with."""
    stored = _stored()
    key = next((k for k in stored if k.id == kid), None)
    if key is None:
        raise DomainError(_("No stored key has the id %(id)s.") % {"id": kid})
    if key.status == ACTIVE or key.id == active().id:
        raise DomainError(_("This is the active key: run `ocop keys rotate` before revoking it."))
    if key.status == REVOKED:
        return key
    today = timezone.localdate()
    revoked = replace(key, revoked=today, retired=key.retired or today)
    _save([revoked if k.id == kid else k for k in stored])
    version_bump()  # what it signed is no longer genuine on any cached public answer
    return revoked


def published_document() -> dict:
    """The document served at ``/.well-known/ocop-keys.json``, which ``ocop verify`` reads."""
    return {
        "issuer": settings.SITE_URL,
        "algorithm": ALGORITHM,
        "keys": [k.published() for k in all_keys()],
    }


def published_by_id() -> dict[str, dict]:
    """The published entries by key id, as ``ocop.certificates.offline.check`` takes them."""
    return {k.id: k.published() for k in all_keys()}
