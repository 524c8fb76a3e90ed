"""Open data: the certified list as JSON and CSV holds exactly the certificates valid today,
in the documented schema, with no score; the DCAT entry describes it."""

import csv
import datetime
import io
import json

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse

from ocop.certificates.labels import verification_address
from ocop.certificates.models import Certificate
from ocop.certificates.pdf import verification_url
from ocop.certificates.services import certificate_revoke
from ocop.certificates.signing import seal
from ocop.reports.open_data import FIELDS, SCHEMA_VERSION
from tests.portal.test_catalogue import _recognised

pytestmark = pytest.mark.django_db

JSON = reverse("portal:open_data_certified", kwargs={"fmt": "json"})
CSV = reverse("portal:open_data_certified", kwargs={"fmt": "csv"})


def _json(client) -> dict:
    response = client.get(JSON)
    assert response["Content-Type"].startswith("application/json")
    return json.loads(b"".join(response.streaming_content))


def _csv(client) -> list[dict]:
    response = client.get(CSV)
    text = b"".join(response.streaming_content).decode("utf-8-sig")
    return list(csv.DictReader(io.StringIO(text)))


def test_the_list_has_the_documented_schema_and_no_score(client, units, producer, product_set):
    product = _recognised(producer, product_set, 1)[0]
    certificate = product.certificates.get()
    certificate.score = 77
    certificate.save()
    seal(certificate)
    data = _json(client)
    assert data["schema"] == "ocop-certified-products" and data["version"] == SCHEMA_VERSION
    assert data["fields"] == list(FIELDS)
    (row,) = data["items"]
    assert list(row) == list(FIELDS)
    assert row["certificate_code"] == certificate.code and row["status"] == "valid"
    assert row["product"] == product.name and row["stars"] == 3
    # recorded under former Hòa Bình, which Phú Thọ covers today
    assert row["province"] == "Tỉnh Phú Thọ" and row["province_old"] == "Tỉnh Hòa Bình"
    assert row["unit_old"] == "Xã Phú Lai" and row["province_as_certified"] == "Tỉnh Phú Thọ"
    assert row["verification_url"] == verification_url(certificate.code)
    assert "score" not in json.dumps(data)
    assert not {value for value in row.values() if str(value) in ("77", "77.00", "77.0")}
    (line,) = _csv(client)
    assert list(line) == list(FIELDS) and line["certificate_code"] == certificate.code


def test_expired_and_revoked_certificates_never_appear_and_a_revocation_shows_at_once(
    client, personas, producer, product_set
):
    kept, revoked, expired = _recognised(producer, product_set, 3)
    Certificate.objects.filter(product=expired).update(expires_on=datetime.date(2026, 1, 31))
    codes = {row["certificate_code"] for row in _json(client)["items"]}
    assert codes == {kept.certificates.get().code, revoked.certificates.get().code}
    certificate_revoke(
        actor=personas.province,
        certificate=revoked.certificates.get(),
        ground="production_stopped",
        authority="UBND tỉnh",
        decision_no="10/QĐ-UBND",
    )
    assert [row["certificate_code"] for row in _json(client)["items"]] == [
        kept.certificates.get().code
    ]
    assert [row["certificate_code"] for row in _csv(client)] == [kept.certificates.get().code]


def test_csv_cells_are_safe_to_open(client, producer, product_set):
    product = _recognised(producer, product_set, 1, name="=HYPERLINK(1)")[0]
    seal(product.certificates.get())
    (line,) = _csv(client)
    assert line["product"] == "'=HYPERLINK(1)"


def test_the_list_costs_the_same_queries_for_2_and_20_certificates(client, producer, product_set):
    def count():
        with CaptureQueriesContext(connection) as ctx:
            b"".join(client.get(JSON).streaming_content)
        return len(ctx.captured_queries)

    _recognised(producer, product_set, 2)
    few = count()
    _recognised(producer, product_set, 18)
    assert count() == few


def test_the_dcat_entry_lists_the_distributions(client):
    response = client.get(reverse("portal:open_data_dcat"))
    assert response["Content-Type"].startswith("application/ld+json")
    dataset = response.json()["dcat:dataset"][0]
    urls = [d["dcat:downloadURL"] for d in dataset["dcat:distribution"]]
    assert any(url.endswith(JSON) for url in urls) and any(url.endswith(CSV) for url in urls)
    assert any(url.endswith(".xlsx") for url in urls)
    page = client.get(reverse("portal:open_data")).text
    assert "verification_url" in page and reverse("portal:open_data_dcat") in page


def test_the_open_data_address_is_the_qr_address_without_its_signature(
    client, settings, units, producer, product_set
):
    settings.SITE_URL = "https://ocop.example.gov.vn"
    certificate = _recognised(producer, product_set, 1)[0].certificates.get()
    seal(certificate)
    (row,) = _json(client)["items"]
    qr = verification_address(certificate)
    assert row["verification_url"] == f"https://ocop.example.gov.vn/v/{certificate.code}"
    assert qr.split("?")[0] == row["verification_url"] and "&s=" in qr
    (line,) = _csv(client)
    assert line["verification_url"] == row["verification_url"]
