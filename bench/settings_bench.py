"""The production settings plus one bare JSON view (``bench/urls.py``): the yardstick that
``bench/portal.py`` compares every page with, served by the same server in the same run."""

from ocop.settings import *  # noqa: F403

ROOT_URLCONF = "bench.urls"
