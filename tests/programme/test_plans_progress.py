"""Progress arithmetic against real registry data, across the July 2025 merger."""

import datetime
import io
import json

import pytest
from django.core.management import call_command
from django.db import connection
from django.test.utils import CaptureQueriesContext

from ocop.geo.models import UnitSuccession
from ocop.geo.services import unit_add
from ocop.programme.models import Target
from ocop.programme.selectors.progress import (
    AT_RISK,
    DONE,
    ON_TRACK,
    OVERDUE,
    plan_progress,
    year_elapsed,
)
from tests import factories as f
from tests.programme.plans_helpers import certify, make_plan

D = datetime.date


@pytest.fixture
def world(units, product_set):
    # A: recorded under Phú Lai, a commune merged into Yên Trị on 1 July 2025
    a = f.ProductFactory(
        producer=f.ProducerFactory(commune=units.phu_lai, province=units.hoa_binh),
        product_set=product_set,
    )
    certify(a, on=D(2026, 3, 10))
    # B: recorded under the former Lạc Sơn district, whose primary successor is Lạc Sơn commune
    UnitSuccession.objects.filter(predecessor=units.lac_son).update(is_primary=False)
    UnitSuccession.objects.create(
        predecessor=units.lac_son,
        successor=units.new_commune_2,
        effective_on=D(2025, 7, 1),
        kind=UnitSuccession.Kind.ABOLISHED,
        is_primary=True,
    )
    b = f.ProductFactory(
        producer=f.ProducerFactory(commune=None, province=units.hoa_binh),
        origin_unit=units.lac_son,
        product_set=product_set,
    )
    certify(b, on=D(2026, 4, 2))
    # C: first recognised in 2025 at three stars, upgraded to four in 2026
    c = f.ProductFactory(
        producer=f.ProducerFactory(commune=units.new_commune, province=units.phu_tho),
        product_set=product_set,
    )
    first = certify(c, on=D(2025, 9, 1))
    certify(c, on=D(2026, 5, 5), stars=4, previous=first)
    # D: in another province
    d = f.ProductFactory(
        producer=f.ProducerFactory(commune=units.hanoi_commune, province=units.hanoi),
        product_set=product_set,
    )
    certify(d, on=D(2026, 3, 10))
    plan = make_plan(
        units.phu_tho,
        targets=[
            (units.new_commune, "new_products", 2),
            (units.new_commune, "upgrades", 1),
            (units.new_commune_2, "new_products", 1),
        ],
    )
    return plan


def _rows(progress):
    return {row.unit.code: row for row in progress.units}


def test_products_count_toward_the_commune_covering_their_former_unit(world, units):
    progress = plan_progress(world, on=D(2026, 6, 30))
    rows = _rows(progress)
    assert rows["26900"].actual == {"new_products": 1, "upgrades": 1}
    assert rows["26901"].actual == {"new_products": 1, "upgrades": 0}
    assert progress.totals["actual"] == {"new_products": 2, "upgrades": 1}
    assert progress.totals["target"] == {"new_products": 3, "upgrades": 1}


def test_nothing_counts_before_it_happened(world):
    rows = _rows(plan_progress(world, on=D(2026, 3, 31)))
    assert rows["26900"].actual == {"new_products": 1, "upgrades": 0}
    assert rows["26901"].actual["new_products"] == 0


def test_statuses(world, settings):
    settings.OCOP_PROGRESS_AT_RISK_MARGIN = 0.25
    rows = _rows(plan_progress(world, on=D(2026, 6, 30)))
    assert rows["26901"].status == DONE
    # Yên Trị: 2 of 3 reached (67%) at mid-year: on track
    assert rows["26900"].status == ON_TRACK
    # at the start of December, 67% reached of a year 92% gone: at risk
    assert _rows(plan_progress(world, on=D(2026, 12, 1)))["26900"].status == AT_RISK
    settings.OCOP_PROGRESS_AT_RISK_MARGIN = 0.5
    assert _rows(plan_progress(world, on=D(2026, 12, 1)))["26900"].status == ON_TRACK
    # the day after the deadline: overdue
    assert _rows(plan_progress(world, on=D(2027, 1, 1)))["26900"].status == OVERDUE
    assert _rows(plan_progress(world, on=D(2026, 12, 31)))["26900"].status != OVERDUE


def test_year_elapsed():
    assert year_elapsed(2026, D(2025, 12, 31)) == 0
    assert year_elapsed(2026, D(2026, 12, 31)) == 1
    assert year_elapsed(2026, D(2026, 1, 1)) == pytest.approx(1 / 365)


def _json(*args):
    out = io.StringIO()
    call_command(*args, stdout=out)
    return json.loads(out.getvalue())


def test_command_agrees_with_the_report_summary(world):
    progress = _json("plan", "progress", "--year", "2026", "--province", "Phú Thọ")
    summary = _json("report", "summary", "--province", "Phú Thọ", "--year", "2026")
    assert progress["year"] == 2026
    assert {u["unit"] for u in progress["units"]} == {"Xã Yên Trị", "Xã Lạc Sơn"}
    # the summary counts each product recognised by a 2026 decision once; those that are
    # not first recognitions are the upgrades (no plain re-evaluation in this data)
    assert progress["totals"]["actual"]["new_products"] == summary["products"] - summary["upgrades"]
    assert progress["totals"]["actual"]["upgrades"] == summary["upgrades"]
    assert progress["totals"]["actual"]["new_products"] == 2


def test_command_without_targets_still_shows_new_products(units):
    make_plan(units.phu_tho)
    data = _json("plan", "progress", "--year", "2026")
    assert data["totals"]["target"] == {"new_products": 0}
    assert data["units"] == []


def test_command_table_and_xlsx(world, tmp_path):
    out = io.StringIO()
    call_command("plan", "progress", "--year", "2026", "--format", "table", stdout=out)
    assert "Xã Yên Trị" in out.getvalue()
    target = tmp_path / "p.xlsx"
    call_command("plan", "progress", "--year", "2026", "--format", "xlsx", "--output", str(target))
    assert target.read_bytes()[:2] == b"PK"


def _grow(units, product_set, plan, start, n):
    for i in range(start, start + n):
        commune = unit_add(
            era="new",
            level="commune",
            code=f"27{i:03d}",
            name=f"Xã Mới {i}",
            unit_type="xa",
            parent=units.phu_tho,
        )
        Target.objects.create(plan=plan, unit=commune, measure="new_products", value=1)
        product = f.ProductFactory(
            producer=f.ProducerFactory(commune=commune, province=units.phu_tho),
            product_set=product_set,
        )
        certify(product, on=D(2026, 2, 1))


def test_progress_page_costs_the_same_queries_for_more_units(
    world, units, product_set, personas, client
):
    client.force_login(personas.province)
    url = f"/chuong-trinh/ke-hoach/{world.public_code}/tien-do/"
    _grow(units, product_set, world, 0, 2)
    client.get(url)
    with CaptureQueriesContext(connection) as small:
        assert client.get(url).status_code == 200
    _grow(units, product_set, world, 2, 12)
    with CaptureQueriesContext(connection) as large:
        assert client.get(url).status_code == 200
    assert len(large) == len(small)
