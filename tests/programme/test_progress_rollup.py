"""National roll-up of programme figures: a province pushes its plans' targets and actual
figures, the national side stores them per province and measure and shows them on /bao-cao/."""

import copy
import datetime
from io import StringIO
from unittest import mock

import pytest
from django.core.management import call_command
from rest_framework.test import APIClient

from ocop.accounts.models import Role
from ocop.core.models import AuditEvent
from ocop.programme.models import ProvinceProgress
from ocop.programme.rollup import progress_items
from tests import factories as f
from tests.api.conftest import token_for
from tests.programme.plans_helpers import certify, make_plan

URL = "/api/v1/rollup/progress/"
D = datetime.date


@pytest.fixture
def plans(units, product_set):
    """Phú Thọ: two plans of 2026 (targets 3 + 2 new products, 1 upgrade) and one product first
    recognised in 2026; Hà Nội: one plan of its own."""
    product = f.ProductFactory(
        producer=f.ProducerFactory(commune=units.new_commune, province=units.phu_tho),
        product_set=product_set,
    )
    certify(product, on=D(2026, 3, 1))
    make_plan(units.phu_tho, targets=[(units.new_commune, "new_products", 3)])
    make_plan(
        units.phu_tho,
        number="02/KH-UBND",
        targets=[(units.new_commune_2, "new_products", 2), (units.new_commune, "upgrades", 1)],
    )
    make_plan(units.hanoi, number="7/KH", targets=[(units.hanoi_commune, "new_products", 9)])


def _client(user) -> APIClient:
    client = APIClient()
    client.credentials(HTTP_AUTHORIZATION=f"Token {token_for(user)}")
    return client


def _phu_tho_item(units):
    items = progress_items(year=2026, province_code="25", on=D(2026, 6, 30))
    assert len(items) == 1
    return items[0]


def test_items_sum_the_plans_targets_and_carry_the_province_actuals(plans, units):
    item = _phu_tho_item(units)
    assert item["province"] == {"era": "new", "level": "province", "code": "25"}
    assert item["as_of"] == "2026-06-30"
    assert item["plans"] == ["01/KH-UBND", "02/KH-UBND"]
    figures = {m["measure"]: (m["target"], m["actual"]) for m in item["measures"]}
    assert figures == {"new_products": (5, 1), "upgrades": (1, 0)}


def test_a_push_stores_the_figures_and_a_second_push_changes_nothing(plans, units, personas):
    item = _phu_tho_item(units)
    client = _client(personas.province)
    response = client.post(URL, {"provinces": [item]}, format="json")
    assert response.status_code == 200, response.content
    assert response.json() == {"created": 2, "updated": 0, "removed": 0, "unchanged": 0}
    stored = ProvinceProgress.objects.get(province=units.phu_tho, year=2026, measure="new_products")
    assert (stored.target, stored.actual, stored.as_of) == (5, 1, D(2026, 6, 30))
    assert stored.source == "01/KH-UBND, 02/KH-UBND"
    events = AuditEvent.objects.filter(action="programme.progress.rolled_up").count()
    assert events == 2

    again = client.post(URL, {"provinces": [item]}, format="json")
    assert again.json() == {"created": 0, "updated": 0, "removed": 0, "unchanged": 2}
    assert AuditEvent.objects.filter(action="programme.progress.rolled_up").count() == events


def test_a_later_count_updates_and_drops_measures_no_longer_targeted(plans, units, personas):
    item = _phu_tho_item(units)
    client = _client(personas.province)
    client.post(URL, {"provinces": [item]}, format="json")
    later = copy.deepcopy(item)
    later["as_of"] = "2026-09-30"
    later["measures"] = [{"measure": "new_products", "target": 5, "actual": 4}]
    answer = client.post(URL, {"provinces": [later]}, format="json").json()
    assert answer == {"created": 0, "updated": 1, "removed": 1, "unchanged": 0}
    assert list(ProvinceProgress.objects.values_list("measure", "actual")) == [("new_products", 4)]
    # a late batch counted earlier never rolls the figures back
    stale = client.post(URL, {"provinces": [item]}, format="json").json()
    assert stale["updated"] == 0 and stale["created"] == 0
    assert ProvinceProgress.objects.get().actual == 4


def test_a_province_cannot_push_another_provinces_figures(plans, units, personas):
    hanoi = progress_items(year=2026, province_code="01", on=D(2026, 6, 30))
    response = _client(personas.province).post(URL, {"provinces": hanoi}, format="json")
    assert response.status_code == 403
    assert not ProvinceProgress.objects.exists()
    # nor slip it into a batch with its own: all or nothing
    mixed = [_phu_tho_item(units), *hanoi]
    response = _client(personas.province).post(URL, {"provinces": mixed}, format="json")
    assert response.status_code == 403
    assert not ProvinceProgress.objects.exists()


def test_officials_without_the_import_right_cannot_push(plans, units, personas):
    item = _phu_tho_item(units)
    for user in (personas.district, personas.commune, personas.department):
        response = _client(user).post(URL, {"provinces": [item]}, format="json")
        assert response.status_code == 403
    assert not ProvinceProgress.objects.exists()


def test_an_unknown_measure_refuses_the_item(plans, units, personas):
    item = _phu_tho_item(units)
    item["measures"].append({"measure": "made_up", "target": 1, "actual": 1})
    response = _client(personas.central).post(URL, {"provinces": [item]}, format="json")
    assert response.status_code == 400
    assert "made_up" in response.content.decode()
    assert not ProvinceProgress.objects.exists()


def test_the_national_table_shows_the_figures_to_central_users(plans, units, personas, client):
    user = f.UserFactory(username="national")
    f.grant(user, Role.CENTRAL_OFFICE)
    _client(user).post(URL, {"provinces": [_phu_tho_item(units)]}, format="json")
    client.force_login(personas.central)
    page = client.get("/bao-cao/?nam=2026").content.decode()
    assert "Chỉ tiêu chương trình do các tỉnh gửi năm 2026" in page
    assert "5 / 1" in page and "01/KH-UBND, 02/KH-UBND" in page and "30/06/2026" in page
    # a province sees its own figures only; Hà Nội's officer none of Phú Thọ's
    other = f.UserFactory(username="hanoi-office")
    f.grant(other, Role.PROVINCE_OFFICE, unit=units.hanoi)
    client.force_login(other)
    assert "01/KH-UBND, 02/KH-UBND" not in client.get("/bao-cao/?nam=2026").content.decode()


def test_the_command_pushes_the_years_progress(plans, units, personas):
    sent = {}

    def fake_post(url, token, batch, **kwargs):
        sent.update(url=url, batch=batch, key=kwargs["key"])
        return {"created": 2, "updated": 0, "removed": 0, "unchanged": 0}

    out = StringIO()
    with mock.patch("ocop.api.rollup.post_batch", fake_post):
        call_command(
            "rollup", "push-progress", "--to", "https://national.example", "--token", "t",
            "--year", "2026", "--province", "25", stdout=out,
        )  # fmt: skip
    assert sent["url"] == "https://national.example/api/v1/rollup/progress/"
    assert sent["key"] == "provinces"
    assert [i["province"]["code"] for i in sent["batch"]] == ["25"]
    assert "sent 1 provinces of 2026: created 2" in out.getvalue()
