"""The machine's file cache checks its size once every ``CHECK_EVERY`` writes, not on each."""

from __future__ import annotations

from ocop.core import filecache
from ocop.core.cache_url import cache_from_url


def test_the_file_cache_lists_its_files_only_now_and_then(tmp_path, monkeypatch):
    config = cache_from_url(f"file://{tmp_path}", max_entries=5, timeout=None)
    assert config["BACKEND"] == "ocop.core.filecache.FileCache"
    cache = filecache.FileCache(config["LOCATION"], {"OPTIONS": config["OPTIONS"]})
    listings = []
    original = cache._list_cache_files
    monkeypatch.setattr(cache, "_list_cache_files", lambda: listings.append(1) or original())
    monkeypatch.setattr(filecache, "CHECK_EVERY", 10)
    for n in range(30):
        cache.set(f"k{n}", n)
    assert len(listings) == 3
    assert len(original()) < 30  # a quarter culled at each check past MAX_ENTRIES
    assert cache.get("k29") == 29
