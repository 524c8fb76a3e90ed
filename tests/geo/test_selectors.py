import datetime

import pytest
from django.utils import translation

from ocop.core.exceptions import DomainError
from ocop.geo.models import Era, Level
from ocop.geo.resolver import resolve
from ocop.geo.selectors import (
    unit_ancestors,
    unit_by_code,
    unit_current,
    unit_predecessions,
    unit_resolve,
    unit_successions,
    unit_successor,
    units_find,
    units_search,
)

OLD_DAY = datetime.date(2021, 5, 1)
NEW_DAY = datetime.date(2026, 1, 1)


def keys(units):
    return [u.key for u in units]


@pytest.mark.parametrize(
    "text", ["Hòa Bình", "Hoà Bình", "hoa binh", "  HOA   BINH ", "Tỉnh Hòa Bình", "tinh hoa binh"]
)
def test_old_province_answers_to_its_name_at_an_old_date(tiny_tree, text):
    assert keys(units_find(text, on=OLD_DAY, level=Level.PROVINCE)) == ["old:p:17"]


def test_after_2025_a_merged_province_name_finds_the_old_province_with_its_successor(tiny_tree):
    assert keys(units_find("Hoa Binh", on=NEW_DAY, level=Level.PROVINCE)) == ["old:p:17"]
    found = resolve("Hoa Binh", on=NEW_DAY, level=Level.PROVINCE)
    assert (found.unit.key, found.successor.key, found.in_force.key) == (
        "old:p:17",
        "new:p:25",
        "new:p:25",
    )
    # a name of today's structure is answered from today's structure alone
    assert resolve("Phú Thọ", on=NEW_DAY, level=Level.PROVINCE).successor is None


def test_successor_of_a_merged_province_after_the_reorganisation(tiny_tree):
    hoa_binh = units_find("Hòa Bình", on=OLD_DAY, level=Level.PROVINCE).get()

    assert unit_successor(hoa_binh, on=NEW_DAY).key == "new:p:25"
    assert unit_successor(hoa_binh, on=OLD_DAY) == hoa_binh
    assert unit_current(hoa_binh).name == "Phú Thọ"


def test_prefix_chooses_between_a_province_and_a_city_of_the_same_name(tiny_tree):
    assert keys(units_find("TP. Hòa Bình", on=OLD_DAY)) == ["old:d:148"]
    assert keys(units_find("Tỉnh Hòa Bình", on=OLD_DAY)) == ["old:p:17"]
    assert keys(units_find("Hòa Bình", on=OLD_DAY)) == ["old:p:17", "old:d:148", "old:c:04825"]


def test_name_that_starts_like_a_prefix_is_still_found(tiny_tree):
    # "Quý Hòa" folds to "quy hoa"; "Thống Nhất" has no prefix; "TT Vụ Bản" is a township
    assert keys(units_find("quy hoa", on=OLD_DAY)) == ["old:c:05117"]
    assert keys(units_find("TT Vụ Bản", on=OLD_DAY)) == ["old:c:05116"]
    assert keys(units_find("P. Thống Nhất", on=OLD_DAY)) == ["old:c:04828"]


def test_find_at_a_new_date_searches_the_new_structure(tiny_tree):
    assert keys(units_find("Phường Hòa Bình", on=NEW_DAY)) == ["new:c:04792"]
    assert keys(units_find("Lạc Sơn", on=NEW_DAY)) == ["new:c:05116"]
    assert keys(units_find("Lạc Sơn", on=OLD_DAY)) == ["old:d:157"]


def test_find_under_a_parent_of_either_structure(tiny_tree):
    old_hoa_binh = unit_by_code("17", era=Era.OLD)
    new_phu_tho = unit_by_code("25", era=Era.NEW)

    assert keys(units_find("Vụ Bản", on=OLD_DAY, parent=old_hoa_binh)) == ["old:c:05116"]
    assert keys(units_find("Gia Cẩm", on=OLD_DAY, parent=old_hoa_binh)) == []
    # an old unit as parent at a new date: the new unit covering it
    assert keys(units_find("Quyết Thắng", on=NEW_DAY, parent=old_hoa_binh)) == ["new:c:05130"]
    # a new unit as parent at an old date: the old units it covers
    assert keys(units_find("Gia Cẩm", on=OLD_DAY, parent=new_phu_tho)) == ["old:c:07900"]


def test_unit_by_code_pads_and_picks_the_structure(tiny_tree):
    assert unit_by_code("17").key == "old:p:17"
    assert unit_by_code(25).key == "new:p:25"
    assert unit_by_code("25", on=OLD_DAY).key == "old:p:25"
    assert unit_by_code("5116", level=Level.COMMUNE, era=Era.OLD).key == "old:c:05116"
    assert unit_by_code("05116").key == "new:c:05116"
    assert unit_by_code("99") is None
    assert unit_by_code("abc") is None


def test_resolve_returns_the_single_match(tiny_tree):
    assert unit_resolve("huyen lac son", on=OLD_DAY, level=Level.DISTRICT).key == "old:d:157"
    assert unit_resolve("05117", on=OLD_DAY, level=Level.COMMUNE).key == "old:c:05117"


def test_resolve_refuses_an_unknown_name_in_vietnamese(tiny_tree):
    with translation.override("vi"), pytest.raises(DomainError) as caught:
        unit_resolve("Phú Lai", on=OLD_DAY, level=Level.COMMUNE)

    assert caught.value.code == "unit_not_found"
    assert "Không có đơn vị hành chính" in str(caught.value)
    assert "01/05/2021" in str(caught.value)


def test_resolve_refuses_an_ambiguous_name_listing_candidates(tiny_tree):
    with pytest.raises(DomainError) as caught:
        unit_resolve("Hòa Bình", on=OLD_DAY, level=None)

    message = str(caught.value)
    assert caught.value.code == "unit_ambiguous"
    assert "Thành phố Hòa Bình, Tỉnh Hòa Bình" in message
    assert "Xã Hòa Bình, Thành phố Hòa Bình, Tỉnh Hòa Bình" in message


def test_ancestors_run_from_the_province_down(tiny_tree):
    commune = unit_by_code("05117", era=Era.OLD)

    assert keys(unit_ancestors(commune)) == ["old:p:17", "old:d:157"]
    assert unit_ancestors(unit_by_code("17")) == []


def test_successions_and_predecessions(tiny_tree):
    split = unit_by_code("05117", era=Era.OLD)
    assert [(s.successor.key, s.is_primary) for s in unit_successions(split)] == [
        ("new:c:05130", True),
        ("new:c:05116", False),
    ]
    merged = unit_by_code("04792", era=Era.NEW)
    assert [s.predecessor.key for s in unit_predecessions(merged)] == [
        "old:c:04825",
        "old:c:04828",
    ]


def test_search_puts_exact_names_first_and_tolerates_diacritics(tiny_tree):
    found = units_search("hoa", on=OLD_DAY)
    assert keys(found)[:3] == ["old:p:17", "old:d:148", "old:c:04825"]
    assert "old:c:05117" in keys(found)  # Quý Hòa contains "hoa"
    assert keys(units_search("hoa", on=OLD_DAY, level=Level.COMMUNE, limit=1)) == ["old:c:04825"]
    assert [a.key for a in found[2].ancestors] == ["old:p:17", "old:d:148"]
    assert units_search("  ", on=OLD_DAY) == []


def test_conftest_tree_answers_lookups_too(units):
    assert units_find("Hòa Bình", on=OLD_DAY, level=Level.PROVINCE).get() == units.hoa_binh
    assert unit_successor(units.hoa_binh, on=NEW_DAY) == units.phu_tho


def test_a_prefix_that_fits_no_unit_is_ignored(tiny_tree):
    # Hòa Bình (04792) is a ward from 2025; people still write "Xã"
    assert keys(units_find("Xã Hòa Bình", on=NEW_DAY)) == ["new:c:04792"]
    assert keys(units_find("Thành phố Phú Thọ", on=NEW_DAY)) == ["new:p:25"]


def test_former_name_answers_when_no_current_name_matches(tiny_tree):
    assert keys(units_find("Huyện Kỳ Sơn", on=OLD_DAY)) == ["old:d:148"]
    assert keys(units_find("ky son", on=OLD_DAY, level=Level.DISTRICT)) == ["old:d:148"]
    # after 2025 a former name leads to the old unit it joined, and on to its successor
    found = resolve("Kỳ Sơn", on=NEW_DAY, level=Level.DISTRICT)
    assert (found.unit.key, found.successor.key, found.former_name) == (
        "old:d:148",
        "new:p:25",
        "Kỳ Sơn",
    )


def test_current_name_outranks_a_former_name(tiny_tree):
    # "Vụ Bản" is the township's own name; the alias does not add a second match
    assert keys(units_find("Vụ Bản", on=OLD_DAY)) == ["old:c:05116"]


def test_search_lists_units_found_by_former_name_last(tiny_tree):
    assert keys(units_search("Kỳ Sơn", on=OLD_DAY)) == ["old:d:148"]
