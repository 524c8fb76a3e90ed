"""The plans in the API: scoped like the pages, progress as on the progress page."""

import datetime

from rest_framework.test import APIClient

from tests import factories as f
from tests.programme.plans_helpers import certify, make_plan


def _client(user):
    client = APIClient()
    if user is not None:
        client.force_authenticate(user)
    return client


def test_plans_and_progress_are_scoped(personas, units, product_set):
    mine = make_plan(units.phu_tho, targets=[(units.new_commune, "new_products", 2)])
    theirs = make_plan(units.hanoi, number="3/KH")
    product = f.ProductFactory(
        producer=f.ProducerFactory(commune=units.phu_lai, province=units.hoa_binh),
        product_set=product_set,
    )
    certify(product, on=datetime.date(2026, 3, 1))
    province = _client(personas.province)
    listed = province.get("/api/v1/plans/").json()
    assert [p["code"] for p in listed["results"]] == [mine.public_code]
    assert listed["results"][0]["targets"][0]["unit"] == units.new_commune.key
    assert province.get(f"/api/v1/plans/{theirs.public_code}/").status_code == 404
    assert province.get(f"/api/v1/plans/{theirs.public_code}/progress/").status_code == 404
    progress = province.get(f"/api/v1/plans/{mine.public_code}/progress/?on=2026-06-30").json()
    assert progress["units"][0]["actual"]["new_products"] == 1
    assert progress["units"][0]["target"] == {"new_products": 2}
    assert progress["totals"]["actual"]["new_products"] == 1
    central = _client(personas.central).get("/api/v1/plans/?year=2026").json()
    assert central["count"] == 2
    assert _client(None).get("/api/v1/plans/").status_code in (401, 403)
    assert _client(personas.producer).get("/api/v1/plans/").json()["count"] == 0


def test_the_schema_lists_the_plans(client):
    paths = client.get("/api/v1/openapi.json").json()["paths"]
    assert "/api/v1/plans/" in paths and "/api/v1/plans/{code}/progress/" in paths


def test_the_statistics_page_shows_targets_and_actuals_per_province(
    personas, units, product_set, client
):
    make_plan(units.phu_tho, targets=[(units.new_commune, "new_products", 4)])
    make_plan(units.hanoi, number="3/KH", targets=[(units.hanoi_commune, "new_products", 7)])
    product = f.ProductFactory(
        producer=f.ProducerFactory(commune=units.phu_lai, province=units.hoa_binh),
        product_set=product_set,
    )
    certify(product, on=datetime.date(2026, 3, 1))
    client.force_login(personas.province)
    page = client.get("/bao-cao/?nam=2026").content.decode()
    assert "01/KH-UBND" in page and "4 / 1" in page
    assert "3/KH" not in page  # another province's plan stays out of sight
    client.force_login(personas.central)
    assert "7 / 0" in client.get("/bao-cao/?nam=2026").content.decode()
