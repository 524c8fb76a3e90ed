"""Exports and open data show units by the names of the day, with one accent placement and the
unit covering a former one today beside it; codes stay as they are."""

import csv
import io

from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse

from ocop.geo.models import AdminUnit
from tests import factories as f
from tests.reports.factories import CertificateFactory, DecisionFactory


def _recognise(units, n: int):
    decision = DecisionFactory(number="1/QĐ", unit=units.hoa_binh)
    for _ in range(n):
        producer = f.ProducerFactory(commune=units.phu_lai, province=units.hoa_binh)
        product = f.ProductFactory(
            producer=producer, status="recognised", stars=3, origin_unit=units.phu_lai
        )
        CertificateFactory(product=product, decision=decision, stars=3)


def _open_data(client):
    body = client.get(reverse("reports:open_data", kwargs={"fmt": "csv"})).getvalue()
    return list(csv.reader(io.StringIO(body.decode("utf-8-sig"))))


def test_open_data_names_a_former_unit_with_the_unit_covering_it_today(client, units):
    # a source spelled the province the old way
    AdminUnit.objects.filter(pk=units.hoa_binh.pk).update(
        name="Hoà Bình", full_name="Tỉnh Hoà Bình"
    )
    _recognise(units, 1)
    header, row = _open_data(client)
    province = row[header.index("Tỉnh")]
    commune = row[header.index("Xã, phường")]
    assert province == "Tỉnh Hòa Bình, nay thuộc Tỉnh Phú Thọ"
    assert commune == "Xã Phú Lai, nay thuộc Xã Yên Trị"


def test_unit_names_cost_the_same_queries_for_few_or_many_rows(client, units):
    _recognise(units, 1)
    with CaptureQueriesContext(connection) as few:
        _open_data(client)
    _recognise(units, 5)
    with CaptureQueriesContext(connection) as many:
        assert len(_open_data(client)) == 7
    assert len(many) == len(few)


def test_the_registers_export_shows_units_as_on_the_pages(client, units, producer):
    personas = f.build_personas(units, producer)
    client.force_login(personas.province)
    url = reverse("reports:export", kwargs={"what": "chu-the", "fmt": "csv"})
    body = client.get(url).getvalue().decode("utf-8-sig")
    header, row = list(csv.reader(io.StringIO(body)))
    assert row[header.index("Tỉnh")] == "Tỉnh Hòa Bình, nay thuộc Tỉnh Phú Thọ"
