"""Shared fixtures: a small unit tree spanning the 2025 reorganisation, and the personas."""

import os

os.environ.setdefault("OCOP_TESTING", "1")

import pytest  # noqa: E402

from tests import factories as f  # noqa: E402


@pytest.fixture(autouse=True)
def _english_outside_requests():
    """Code run outside a request (services, commands) speaks English in tests, whatever an
    earlier test left active; pages still negotiate their language per request."""
    from django.utils import translation

    with translation.override("en"):
        yield


@pytest.fixture(autouse=True)
def _private_media(tmp_path, settings):
    settings.STORAGES = {
        **settings.STORAGES,
        "default": {
            "BACKEND": "django.core.files.storage.FileSystemStorage",
            "OPTIONS": {"location": str(tmp_path / "private")},
        },
    }


@pytest.fixture(autouse=True)
def _empty_cache():
    """Each test starts with an empty default cache: versions live in the rolled-back database,
    so an entry an earlier test left behind could match a version this test sees again."""
    from django.core.cache import caches

    from ocop.core.http import forget_recent

    caches["default"].clear()
    forget_recent()
    yield


@pytest.fixture
def client():
    """Django's test client, whose ``login()`` hands ``authenticate()`` a request as the login
    page does: the login limits (django-axes) watch every authentication and need one."""
    from django.http import HttpRequest
    from django.test import Client

    class RequestClient(Client):
        def login(self, **credentials):
            request = HttpRequest()
            request.META["REMOTE_ADDR"] = "127.0.0.1"
            return super().login(request=request, **credentials)

    return RequestClient()


@pytest.fixture
def units(db):
    """Old Hòa Bình (two districts, three communes), new Phú Thọ covering it, and Hà Nội."""
    return f.build_unit_tree()


@pytest.fixture
def product_set(db):
    return f.ProductSetFactory()


@pytest.fixture
def producer(units):
    return f.ProducerFactory(commune=units.phu_lai, province=units.hoa_binh)


@pytest.fixture
def other_producer(units):
    """A producer in another district of the same old province."""
    return f.ProducerFactory(commune=units.lac_son_commune, province=units.hoa_binh)


@pytest.fixture
def foreign_producer(units):
    """A producer in another province altogether."""
    return f.ProducerFactory(commune=units.hanoi_commune, province=units.hanoi)


@pytest.fixture
def product(producer, product_set):
    return f.ProductFactory(producer=producer, product_set=product_set)


@pytest.fixture
def personas(units, producer):
    """One user per role, named as in the docs' permission page."""
    return f.build_personas(units, producer)
