"""The one resolver of unit names: own names, former names, old names after 2025, in bulk."""

import datetime

from django.db import connection
from django.test.utils import CaptureQueriesContext

from ocop.geo.models import AdminUnit, Level
from ocop.geo.resolver import Resolver, resolve

OLD_DAY = datetime.date(2021, 5, 1)
NEW_DAY = datetime.date(2026, 1, 1)


def test_loaded_names_use_the_modern_accent_placement(tiny_tree):
    # the snapshot spells the province "Hoà Bình"
    province = AdminUnit.objects.get(key="old:p:17")
    assert (province.name, province.full_name) == ("Hòa Bình", "Tỉnh Hòa Bình")


def test_both_accent_placements_resolve_to_one_unit(tiny_tree):
    for text in ("Hoà Bình", "Hòa Bình", "TỈNH HOÀ BÌNH"):
        assert resolve(text, level=Level.PROVINCE, on=OLD_DAY).unit.key == "old:p:17"


def test_a_unit_in_force_is_returned_without_successor_or_former_name(tiny_tree):
    found = resolve("Lạc Sơn", level=Level.DISTRICT, on=OLD_DAY)
    assert (found.unit.key, found.successor, found.former_name) == ("old:d:157", None, "")
    assert found.in_force == found.unit


def test_a_former_name_resolves_to_the_unit_that_took_it_over(tiny_tree):
    # huyện Kỳ Sơn joined the city of Hòa Bình
    hoa_binh = AdminUnit.objects.get(key="old:p:17")
    found = resolve("Huyện Kỳ Sơn", level=Level.DISTRICT, parent=hoa_binh, on=OLD_DAY)
    assert (found.unit.key, found.former_name) == ("old:d:148", "Huyện Kỳ Sơn")


def test_after_2025_an_old_commune_leads_to_its_successor(tiny_tree):
    phu_tho = AdminUnit.objects.get(key="new:p:25")
    found = resolve("Thống Nhất", level=Level.COMMUNE, parent=phu_tho, on=NEW_DAY)
    assert (found.unit.key, found.successor.key) == ("old:c:04828", "new:c:04792")


def test_an_ambiguous_or_unknown_name_resolves_to_nothing(tiny_tree):
    assert resolve("Hòa Bình", level=None, on=OLD_DAY) is None  # province, city and commune
    assert len(Resolver().candidates("Hòa Bình", level=None, on=OLD_DAY)) == 3
    assert resolve("Atlantis", level=Level.PROVINCE, on=OLD_DAY) is None


def test_codes_resolve_in_the_structure_of_the_day(tiny_tree):
    assert resolve("17", level=Level.PROVINCE, on=OLD_DAY).unit.key == "old:p:17"
    assert resolve("4828", level=Level.COMMUNE, on=OLD_DAY).unit.key == "old:c:04828"


def test_a_resolver_answers_many_names_with_a_few_queries(tiny_tree):
    resolver = Resolver()
    hoa_binh = AdminUnit.objects.get(key="old:p:17")
    names = ["Vụ Bản", "Quý Hòa", "Thống Nhất", "Kỳ Sơn", "Nowhere"] * 200
    with CaptureQueriesContext(connection) as queries:
        for name in names:
            resolver.resolve(name, level=Level.COMMUNE, parent=hoa_binh, on=OLD_DAY)
            resolver.resolve("Hoà Bình", level=Level.PROVINCE, on=OLD_DAY)
    assert len(queries) <= 4
