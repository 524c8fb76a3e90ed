"""Versions of the data that public pages show, for caches and conditional requests.

One row per body of data (``PUBLIC``: recognised products, their certificates, decisions,
producers, units and criteria). Every change writes a fresh random token into the row *inside
the writing transaction*: a reader sees the new token exactly when it sees the change, so a
cache entry or an ETag keyed by the token is never stale after a commit (a revocation shows on
the next request). Tokens are random, not counters, so a rolled-back change never hands out a
token that a later change reuses.

Models that pages show are tracked by ``track_changes`` (each app lists its own in ``apps.py``);
writers that bypass model signals (``bulk_create``, ``QuerySet.update``) call ``version_bump``.
Day-dependent facts (a certificate expires at midnight) are covered by the day in ``key``.
"""

from __future__ import annotations

import datetime
import hashlib
import secrets
from dataclasses import dataclass

from django.core.cache import caches
from django.db import connection
from django.db.models.signals import m2m_changed, post_delete, post_save
from django.utils import timezone
from django.utils.dateparse import parse_datetime

from ocop.core.models import DataVersion

PUBLIC = "public"
CACHE_ALIAS = "default"


@dataclass(frozen=True)
class Version:
    token: str
    changed_at: datetime.datetime
    day: datetime.date

    @property
    def key(self) -> str:
        """What a cache key or an ETag derives from: the token and the day."""
        return f"{self.token}:{self.day.isoformat()}"


def version_bump(name: str = PUBLIC) -> None:
    """Record that the data ``name`` changed, in the caller's transaction."""
    values = {"token": secrets.token_hex(12), "changed_at": timezone.now()}
    if not DataVersion.objects.filter(name=name).update(**values):
        DataVersion.objects.update_or_create(name=name, defaults=values)


def _read(name: str):
    """The row of ``name`` by its primary key, in plain SQL: every public request asks, so the
    query skips the ORM's compilation (a tenth of a cached page's time)."""
    table = DataVersion._meta.db_table
    with connection.cursor() as cursor:
        cursor.execute(f"SELECT token, changed_at FROM {table} WHERE name = %s", [name])  # noqa: S608
        row = cursor.fetchone()
    if row is None:
        return None
    changed_at = row[1]
    if isinstance(changed_at, str):  # SQLite hands the stored text back
        changed_at = parse_datetime(changed_at)
    if timezone.is_naive(changed_at):
        changed_at = timezone.make_aware(changed_at, datetime.UTC)
    return row[0], changed_at


def version_of(name: str = PUBLIC) -> Version:
    """The current version of ``name`` (one query); created on first use."""
    row = _read(name)
    if row is None:
        version_bump(name)
        row = _read(name)
    return Version(token=row[0], changed_at=row[1], day=timezone.localdate())


def request_version(request, name: str = PUBLIC) -> Version:
    """``version_of`` once per request, however many helpers ask."""
    memo = request.__dict__.setdefault("_ocop_versions", {})
    if name not in memo:
        memo[name] = version_of(name)
    return memo[name]


def digest(*parts: object) -> str:
    return hashlib.blake2b("\x1f".join(map(str, parts)).encode(), digest_size=16).hexdigest()


def cached_for(version: Version, parts: tuple, compute):
    """``compute()`` once per version of the data and ``parts`` (what else it depends on),
    kept in the shared cache so every worker process reuses it."""
    cache = caches[CACHE_ALIAS]
    key = f"ocop:data:{digest(version.key, *parts)}"
    value = cache.get(key)
    if value is None:
        value = compute()
        cache.set(key, value)
    return value


def _bump_public(sender, **kwargs) -> None:
    if kwargs.get("raw"):  # fixtures loaded by loaddata: the loader bumps once
        return
    version_bump(PUBLIC)


def _bump_public_links(sender, action, **kwargs) -> None:
    if action.startswith("post_"):
        version_bump(PUBLIC)


def track_changes(*models) -> None:
    """Bump ``PUBLIC`` whenever a row of one of ``models`` is saved or deleted, or its
    many-to-many links change."""
    for model in models:
        label = model._meta.label
        post_save.connect(_bump_public, sender=model, dispatch_uid=f"ocop.versions.save.{label}")
        post_delete.connect(
            _bump_public, sender=model, dispatch_uid=f"ocop.versions.delete.{label}"
        )
        for field in model._meta.local_many_to_many:
            m2m_changed.connect(
                _bump_public_links,
                sender=field.remote_field.through,
                dispatch_uid=f"ocop.versions.links.{label}.{field.name}",
            )
