"""What each resource returns, to whom, with which filters; writes through the services."""

import datetime

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext

from ocop.core.models import AuditEvent
from ocop.registry.models import Product
from tests import factories as f
from tests.api.conftest import (
    add_certificate,
    add_decision,
    add_document,
    add_result,
    add_round,
    add_sheet,
)


def codes(response, key="code"):
    assert response.status_code == 200, response.content
    return {row[key] for row in response.json()["results"]}


def test_units_filter_by_era_level_parent_and_name_without_diacritics(api_as, api_world):
    client = api_as("anonymous")
    old_districts = client.get("/api/v1/units/", {"era": "old", "level": "district"})
    assert codes(old_districts) == {"157", "159"}
    children = client.get("/api/v1/units/", {"parent": api_world.units.yen_thuy.key})
    assert codes(children) == {"05032", "05035"}
    assert codes(client.get("/api/v1/units/", {"q": "yen tri"})) == {"05035", "26900"}


def test_a_bad_filter_value_is_refused_naming_the_parameter(api_as, api_world):
    response = api_as("anonymous").get("/api/v1/units/", {"level": "hamlet"})
    assert response.status_code == 400
    assert "level" in response.json()


def test_lists_are_paginated(api_as, api_world):
    body = api_as("anonymous").get("/api/v1/units/", {"limit": 2}).json()
    assert body["count"] == 11
    assert len(body["results"]) == 2
    assert "offset=2" in body["next"]


def test_product_set_detail_carries_its_sheet(api_as, api_world):
    ps = api_world.product_set
    ps.sheet = {"parts": [{"code": "A"}]}
    ps.save()
    body = api_as("anonymous").get(f"/api/v1/product-sets/{ps.criteria_set.code}:14/").json()
    assert body["sheet"] == {"parts": [{"code": "A"}]}
    assert body["name_vi"] == "Rượu trắng"


def test_registry_lists_follow_the_callers_scope(api_as, api_world):
    w = api_world
    province = codes(api_as("province").get("/api/v1/producers/"))
    assert province == {w.producer.public_code, w.other_producer.public_code}
    district = codes(api_as("district").get("/api/v1/products/"))
    assert district == {w.product.public_code}
    assert codes(api_as("producer").get("/api/v1/documents/")) == {w.document.public_code}
    everything = codes(api_as("central").get("/api/v1/products/"))
    assert w.foreign_product.public_code in everything


def test_council_member_sees_only_their_own_sheets(api_as, api_world):
    rows = api_as("council").get("/api/v1/sheets/").json()["results"]
    assert [(r["member"], r["product"]) for r in rows] == [
        ("p-council", api_world.product.public_code)
    ]


def test_producers_never_see_members_sheets(api_as, api_world):
    assert api_as("producer").get("/api/v1/sheets/").json()["count"] == 0


def test_officials_see_the_sheets_of_rounds_in_their_unit(api_as, api_world):
    assert api_as("province").get("/api/v1/sheets/").json()["count"] == 2
    assert api_as("district").get("/api/v1/sheets/").json()["count"] == 0


def test_certified_list_filters_by_live_status(api_as, api_world):
    client = api_as("anonymous")
    revoked = codes(client.get("/api/v1/certificates/", {"status": "revoked"}))
    assert revoked == {api_world.revoked_certificate.code}
    valid_2025 = codes(client.get("/api/v1/certificates/", {"status": "valid", "on": "2025-06-01"}))
    assert valid_2025 == {api_world.certificate.code, api_world.foreign_certificate.code}
    in_hoa_binh = codes(client.get("/api/v1/certificates/", {"province": "17"}))
    assert api_world.foreign_certificate.code not in in_hoa_binh


def test_certificate_status_by_code_is_live(api_as, api_world):
    client = api_as("anonymous")
    code = api_world.certificate.code
    assert client.get(f"/api/v1/certificates/{code.lower()}/").json()["status"] == "valid"
    later = client.get(f"/api/v1/certificates/{code}/", {"on": "2027-03-02"}).json()
    assert later["status"] == "expired"
    revoked = api_world.revoked_certificate.code
    assert client.get(f"/api/v1/certificates/{revoked}/").json()["status"] == "revoked"


def test_summary_counts_recognised_products_by_stars(api_as, api_world):
    body = api_as("anonymous").get("/api/v1/reports/summary/", {"year": 2024}).json()
    assert (body["products"], body["producers"]) == (3, 3)
    assert body["by_stars"] == {"3": 1, "4": 1, "5": 1}


def test_summary_with_an_unknown_province_is_refused(api_as, api_world):
    response = api_as("anonymous").get("/api/v1/reports/summary/", {"province": "Atlantis"})
    assert response.status_code == 400
    assert "province" in response.json()


def test_document_download_returns_the_file_to_those_in_scope(api_as, api_world):
    response = api_as("producer").get(f"/api/v1/documents/{api_world.document.public_code}/")
    link = response.json()["download"]
    download = api_as("producer").get(link)
    assert download.status_code == 200
    assert b"".join(download.streaming_content) == b"%PDF-1.4 test"
    assert api_as("council").get(link).status_code == 404


def test_product_created_through_the_api_is_audited(api_as, api_world):
    response = api_as("province").post(
        "/api/v1/products/",
        {"producer": api_world.producer.public_code, "name": "Chè Shan tuyết"},
        format="json",
    )
    assert response.status_code == 201, response.content
    product = Product.objects.get(public_code=response.json()["code"])
    assert product.origin_unit == api_world.units.phu_lai
    assert AuditEvent.objects.filter(action="registry.product.created", object_id=str(product.pk))


def test_product_update_goes_through_the_service(api_as, api_world):
    url = f"/api/v1/products/{api_world.product.public_code}/"
    response = api_as("commune").patch(url, {"story": "Men lá gia truyền"}, format="json")
    assert response.status_code == 200, response.content
    assert response.json()["story"] == "Men lá gia truyền"
    assert AuditEvent.objects.filter(action="registry.product.updated").exists()


def test_a_refused_write_names_the_field_and_saves_nothing(api_as, api_world):
    before = Product.objects.count()
    response = api_as("province").post(
        "/api/v1/products/",
        {"producer": api_world.producer.public_code, "name": "Gạo", "gtin": "8930000000001"},
        format="json",
    )
    assert response.status_code == 400
    assert "gtin" in response.json()
    assert Product.objects.count() == before


def test_refusals_speak_vietnamese_by_default(api_as, api_world):
    response = api_as("province").post(
        "/api/v1/products/", {"producer": "khongco", "name": "Gạo"}, format="json"
    )
    assert response.status_code == 400
    assert "chủ thể" in response.json()["producer"][0]


def _register_producer(api_as, api_world, name: str) -> dict:
    response = api_as("commune").post(
        "/api/v1/producers/",
        {"legal_form": "household", "name": name, "commune": api_world.units.phu_lai.key},
        format="json",
    )
    assert response.status_code == 201, response.content
    return response.json()


def test_producer_registered_through_the_api(api_as, api_world):
    created = _register_producer(api_as, api_world, "Hộ kinh doanh Bùi Văn Nam")
    assert created["province"] == api_world.units.hoa_binh.key


# --- constant query count per list ------------------------------------------------------------

LISTS = [
    "/api/v1/units/",
    "/api/v1/criteria-sets/",
    "/api/v1/product-sets/",
    "/api/v1/producers/",
    "/api/v1/products/",
    "/api/v1/documents/",
    "/api/v1/rounds/",
    "/api/v1/sheets/",
    "/api/v1/results/",
    "/api/v1/decisions/",
    "/api/v1/certificates/",
]


def _grow(w, n):
    units = w.units
    for i in range(n):
        producer = f.ProducerFactory(commune=units.phu_lai, province=units.hoa_binh)
        product = f.ProductFactory(producer=producer, product_set=w.product_set)
        add_document(producer)
        decision = add_decision(units.hoa_binh, number=f"{i}/QĐ-GROW")
        add_certificate(product, decision, issued_on=datetime.date(2024, 1, 1 + i % 28))
        round_ = add_round(units.phu_tho, w.product_set.criteria_set, number=10 + i)
        add_result(add_sheet(round_, product, w.product_set, w.member).assignment.enrolment)
        f.ProductSetFactory(number=100 + i, slug=f"set-{i}", name_vi=f"Bộ {i}")
    for i in range(n):
        from ocop.geo.services import unit_add

        unit_add(
            era="new", level="commune", code=f"9{i:04d}", name=f"Xã {i}", unit_type="xa",
            parent=units.phu_tho,
        )  # fmt: skip


def _count(client, url) -> int:
    with CaptureQueriesContext(connection) as ctx:
        assert client.get(url).status_code == 200
    return len(ctx.captured_queries)


@pytest.mark.parametrize("persona", ["province", "council"])
def test_each_list_costs_the_same_queries_for_3_and_30_rows(api_as, api_world, persona):
    client = api_as(persona)
    few = {url: _count(client, url) for url in LISTS}
    _grow(api_world, 27)
    many = {url: _count(client, url) for url in LISTS}
    assert many == few


def test_token_endpoint_slows_down_request_floods(api_world):
    """20 requests a minute per address, even with the right password (wrong ones are locked
    out sooner: tests/accounts/test_login_limits.py)."""
    from rest_framework.test import APIClient

    client = APIClient()
    right = {"username": "p-province", "password": f.PASSWORD}
    statuses = [client.post("/api/v1/auth/token/", right).status_code for _ in range(21)]
    assert statuses[:20] == [200] * 20
    assert statuses[20] == 429


def test_token_endpoint_gives_the_users_token(api_world):
    from rest_framework.test import APIClient

    right = {"username": "p-province", "password": f.PASSWORD}
    response = APIClient().post("/api/v1/auth/token/", right)
    assert response.json() == {"token": api_world.tokens["province"]}


def test_control_characters_are_dropped_from_what_the_api_saves(api_as, api_world):
    created = _register_producer(api_as, api_world, "Hộ kinh doanh\x01 Bùi\x9f Văn Nam")
    assert created["name"] == "Hộ kinh doanh Bùi Văn Nam"


@pytest.mark.parametrize("url", ["/api/v1/products/", "/api/v1/units/", "/api/v1/certificates/"])
def test_an_overlong_search_is_a_400_naming_q(api_as, api_world, url):
    client = api_as("province")
    response = client.get(url, {"q": " ".join(["gao"] * 9)})
    assert response.status_code == 400 and "8" in response.json()["q"][0]
    response = client.get(url, {"q": " ".join(f"tu{n}" for n in range(1000))})
    assert response.status_code == 400 and "q" in response.json()
    assert client.get(url, {"q": "gạo nếp cái hoa vàng"}).status_code == 200
