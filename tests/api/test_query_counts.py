"""Every API list costs the same number of queries whatever the number of rows it lists."""

from __future__ import annotations

import datetime

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext

from ocop.evaluation.models import CouncilMember
from tests import factories as f
from tests.api.conftest import add_certificate, add_decision, add_document, add_result, add_sheet

LISTS = [
    ("units", "anonymous"),
    ("criteria-sets", "anonymous"),
    ("product-sets", "anonymous"),
    ("certificates", "anonymous"),
    ("certificates", "admin"),
    ("certificates?status=valid&q=che", "anonymous"),
    ("reports/summary", "anonymous"),
    ("producers", "admin"),
    ("products", "admin"),
    ("documents", "admin"),
    ("rounds", "admin"),
    ("sheets", "council"),
    ("results", "admin"),
    ("decisions", "admin"),
]


def _grow(w, n: int) -> None:
    """``n`` more of every listed record in the provincial officer's province."""
    units = w.units
    member = CouncilMember.objects.get(pk=w.member.pk)
    for k in range(n):
        producer = f.ProducerFactory(commune=units.phu_lai, province=units.hoa_binh)
        product = f.ProductFactory(
            producer=producer, product_set=w.product_set, name=f"Chè búp {k}"
        )
        add_document(producer)
        sheet = add_sheet(w.round, product, w.product_set, member)
        add_result(sheet.assignment.enrolment)
        decision = add_decision(units.hoa_binh, number=f"{k}/QĐ-UBND-{n}")
        add_certificate(product, decision, issued_on=datetime.date(2024, 4, 1))


def _count(client, url: str) -> int:
    with CaptureQueriesContext(connection) as ctx:
        response = client.get(f"/api/v1/{url.replace('?', '/?', 1) if '?' in url else url + '/'}")
    assert response.status_code == 200, response.content[:200]
    return len(ctx.captured_queries)


@pytest.mark.parametrize(("url", "persona"), LISTS)
def test_api_list_costs_the_same_queries_for_few_and_many_rows(api_world, api_as, url, persona):
    counts = []
    for n in (1, 6):
        _grow(api_world, n)
        counts.append(_count(api_as(persona), url))
    assert counts[0] == counts[1]


def test_a_repeated_anonymous_list_is_read_from_the_cache(api_world, api_as):
    client = api_as("anonymous")
    first = _count(client, "certificates")
    assert _count(client, "certificates") < first
    assert _count(client, "certificates") <= 2  # the version, nothing else
