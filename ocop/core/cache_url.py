"""The default cache from one address (``OCOP_CACHE_URL``), read by the settings.

- ``file:///var/lib/ocop/cache`` (default under the data directory): files shared by every
  worker process of one machine, no server to run;
- ``db://table_name``: a table of the default database (``ocop createcachetable``);
- ``redis://host:6379/0`` (needs the ``redis`` package) and ``memcached://host:11211``
  (needs ``pymemcache``): shared by several application servers;
- ``locmem://``: one process only (tests).
"""

from __future__ import annotations

from urllib.parse import urlsplit

from django.core.exceptions import ImproperlyConfigured

BACKENDS = {
    "file": "ocop.core.filecache.FileCache",
    "db": "django.core.cache.backends.db.DatabaseCache",
    "redis": "django.core.cache.backends.redis.RedisCache",
    "rediss": "django.core.cache.backends.redis.RedisCache",
    "memcached": "django.core.cache.backends.memcached.PyMemcacheCache",
    "locmem": "django.core.cache.backends.locmem.LocMemCache",
}


def cache_from_url(url: str, *, max_entries: int, timeout: int | None) -> dict:
    """A ``CACHES`` entry for ``url``; ``max_entries`` bounds the embedded backends."""
    parts = urlsplit(url)
    backend = BACKENDS.get(parts.scheme)
    if backend is None:
        raise ImproperlyConfigured(
            f"OCOP_CACHE_URL: unknown scheme {parts.scheme!r}; use one of {sorted(BACKENDS)}."
        )
    config: dict = {"BACKEND": backend, "TIMEOUT": timeout, "KEY_PREFIX": "ocop"}
    if parts.scheme == "file":
        config["LOCATION"] = parts.path
    elif parts.scheme == "db":
        config["LOCATION"] = parts.netloc or parts.path.strip("/")
    elif parts.scheme in ("redis", "rediss"):
        config["LOCATION"] = url
    elif parts.scheme == "memcached":
        config["LOCATION"] = parts.netloc
    else:
        config["LOCATION"] = parts.netloc or "ocop"
    if parts.scheme in ("file", "db", "locmem"):
        # sized for every certificate's verification page and every list page, with room
        config["OPTIONS"] = {"MAX_ENTRIES": max_entries, "CULL_FREQUENCY": 4}
    return config
