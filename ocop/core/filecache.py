"""The file cache of one machine, without a directory listing on every write.

Django's ``FileBasedCache`` lists every file of the cache on each ``set`` to decide whether to
cull. Sized for every certificate's pages (tens of thousands of files), that listing costs more
than rendering the page it stores. This backend checks the size once every ``CHECK_EVERY``
writes of a process instead; the cache may then exceed ``MAX_ENTRIES`` by at most that many
entries per worker before a cull brings it back."""

from __future__ import annotations

import itertools
import threading

from django.core.cache.backends.filebased import FileBasedCache

CHECK_EVERY = 200


class FileCache(FileBasedCache):
    def __init__(self, dir, params):  # noqa: A002 (Django's signature)
        super().__init__(dir, params)
        self._writes = itertools.count(1)
        self._lock = threading.Lock()

    def _cull(self):
        with self._lock:
            due = next(self._writes) % CHECK_EVERY == 0
        if due:
            super()._cull()
