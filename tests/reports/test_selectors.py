import datetime

import pytest
from django.core.management import call_command

from ocop.reports import selectors
from ocop.reports.selectors import Selection
from tests import factories as f
from tests.reports.factories import CertificateFactory, DecisionFactory


@pytest.fixture
def imported(units, hoa_binh_2020):
    call_command("import", "results", str(hoa_binh_2020))
    return units


def test_by_year_counts_an_upgraded_product_once(imported):
    (row,) = selectors.breakdown(Selection(), "year")
    assert (row["decision__year"], row["products"], row["producers"]) == (2020, 70, 59)
    assert row["upgrades"] == 1


def test_by_round_splits_the_two_decisions(imported):
    rows = selectors.breakdown(Selection(), "round")
    assert [(r["decision__round_label"], r["products"]) for r in rows] == [("1", 40), ("2", 31)]


def test_breakdowns_add_up_to_the_summary(imported):
    total = selectors.summary(year=2020)["products"]
    for by in ("stars", "product_group", "producer_type"):
        assert sum(r["products"] for r in selectors.breakdown(Selection(year=2020), by)) == total


def test_old_and_new_trees_regroup_the_same_products(imported):
    old = selectors.by_unit(Selection(), era="old")
    new = selectors.by_unit(Selection(), era="new")
    assert [(r["unit"].name, r["products"]) for r in old] == [("Hòa Bình", 70)]
    assert [(r["unit"].name, r["products"]) for r in new] == [("Phú Thọ", 70)]


def test_revoked_certificate_is_not_valid_after_its_revocation(units, producer):
    product = f.ProductFactory(producer=producer)
    decision = DecisionFactory(unit=units.hoa_binh)
    CertificateFactory(
        product=product, decision=decision, revoked=True, revoked_on=datetime.date(2022, 1, 1)
    )
    assert selectors.summary(on=datetime.date(2021, 12, 1))["products"] == 1
    assert selectors.summary(on=datetime.date(2022, 2, 1))["products"] == 0
    assert selectors.summary()["revoked"] == 1


def test_officials_summary_is_limited_to_their_scope(units, producer, foreign_producer):
    personas = f.build_personas(units, producer)
    decision = DecisionFactory(unit=units.hoa_binh)
    for owner in (producer, foreign_producer):
        CertificateFactory(product=f.ProductFactory(producer=owner), decision=decision)
    assert selectors.summary(user=personas.province)["products"] == 1
    assert selectors.summary(user=personas.central)["products"] == 2
    assert selectors.summary(user=personas.commune)["products"] == 1
