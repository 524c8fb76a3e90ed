"""Every public page costs the same number of queries with few and with many records, and a
repeated visit is answered from the shared cache with one query (the data version), or "304 Not
Modified" when the browser already holds that version.

The API lists are measured the same way in tests/api/test_query_counts.py; their cached answers
here."""

from __future__ import annotations

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse

from ocop.certificates.models import Certificate
from tests import factories as f
from tests.outreach import factories as of

pytestmark = pytest.mark.django_db


def _grow(units, producer, n: int) -> None:
    """``n`` more recognised products, each with a certificate, at a fair and in the news."""
    for _ in range(n):
        product = of.recognise(f.ProductFactory(producer=producer, name="Rượu men lá"))
        fair = of.fair(units.phu_tho, place_unit=units.new_commune)
        of.enter(fair, product)
        post = of.post(None, units.phu_lai)
        post.units.add(units.phu_tho)
        post.products.add(product)


def _pages(units, producer) -> dict[str, str]:
    product = producer.products.order_by("pk").first()
    code = Certificate.objects.filter(product=product).values_list("code", flat=True).get()
    province = units.phu_tho
    catalogue = reverse("portal:catalogue")
    return {
        "home": reverse("portal:home"),
        "catalogue first page": catalogue,
        "catalogue filtered": f"{catalogue}?sao=3&don_vi={province.key}",
        "catalogue search": f"{catalogue}?q=ruou",
        "product": reverse("portal:product", args=[product.public_code]),
        "producer": reverse("portal:producer", args=[producer.public_code]),
        "unit": reverse("portal:unit_products", args=[province.era, province.code]),
        "verification page": reverse("certificates:verify", args=[code]),
        "verification JSON": reverse("certificates:verify_json", args=[code]),
        "statistics": reverse("reports:index"),
        "fairs": reverse("outreach:fair_list"),
        "news": reverse("outreach:post_list"),
        "open data page": reverse("portal:open_data"),
        "open data JSON": reverse("portal:open_data_certified", args=["json"]),
        "API certificate list": "/api/v1/certificates/",
        "API units": "/api/v1/units/?level=province",
        "API summary": "/api/v1/reports/summary/",
    }


STREAMED = {"open data JSON"}  # too long to keep whole: revalidated (304), streamed again


def _get(client, url: str, **headers):
    """The answer, its body read to the end (a streamed list too), and the queries it cost."""
    with CaptureQueriesContext(connection) as ctx:
        response = client.get(url, **headers)
        body = b"".join(response.streaming_content) if response.streaming else response.content
    assert response.status_code in (200, 304), (url, response.status_code)
    response.body = body
    return response, len(ctx.captured_queries)


def test_every_public_page_costs_the_same_queries_for_2_and_7_products(client, units, producer):
    _grow(units, producer, 2)
    small = {name: _get(client, url)[1] for name, url in _pages(units, producer).items()}
    _grow(units, producer, 5)
    large = {name: _get(client, url)[1] for name, url in _pages(units, producer).items()}
    assert large == small


def test_a_repeated_public_page_costs_one_query_and_a_held_one_answers_304(client, units, producer):
    _grow(units, producer, 3)
    for name, url in _pages(units, producer).items():
        first, _n = _get(client, url)
        again, queries = _get(client, url)
        assert again.body == first.body and again["ETag"] == first["ETag"], name
        if name not in STREAMED:
            assert queries == 1, name  # the data version, nothing else
        assert "public" in again["Cache-Control"], name
        held, queries = _get(client, url, HTTP_IF_NONE_MATCH=first["ETag"])
        assert held.status_code == 304 and queries == 1, name


def test_public_pages_carry_no_per_visitor_state(client, units, producer):
    _grow(units, producer, 1)
    for name, url in _pages(units, producer).items():
        response, _n = _get(client, url)
        assert not response.cookies, name
        assert b"csrfmiddlewaretoken" not in response.body, name
        assert b"X-CSRFToken" not in response.body, name
