"""A list shaped like a published recognition decision imports on a fresh install (real units
loaded as ``ocop migrate`` loads them) and the report reproduces the published counts."""

import json
from pathlib import Path

import pytest
from django.core.management import call_command

from ocop.geo.services import geo_load_snapshot
from ocop.registry.models import Product
from ocop.reports import services
from tests.reports.conftest import write_csv

PUBLISHED = Path(__file__).parent / "data" / "hoa-binh-2020-published.csv"


@pytest.fixture
def real_units(db):
    """Every real administrative unit, as ``ocop migrate`` loads them on a fresh install."""
    geo_load_snapshot()


@pytest.mark.django_db
def test_published_hoa_binh_2020_list_imports_and_reproduces_its_counts(real_units, capsys):
    """Hòa Bình 2020: 70 products of 59 producers recognised, one upgraded from 3 to 4 stars.

    The list writes "Hoà Bình", a district merged in February 2020 (Kỳ Sơn), communes merged in
    2019-2020 (Dân Hạ, Hạ Bì, Thượng Bì, Lũng Vân, ...), producer types as "HTX", "Cơ sở sản
    xuất", "Hộ sản xuất" and stars as "3 sao"; the resolver and the vocabulary know them all.
    """
    call_command("import", "results", str(PUBLISHED))
    capsys.readouterr()
    call_command(
        "report", "summary", "--province", "Hòa Bình", "--year", "2020", "--format", "json"
    )
    data = json.loads(capsys.readouterr().out)
    assert (data["products"], data["producers"], data["upgrades"]) == (70, 59, 1)
    assert data["by_stars"] == {"3": 56, "4": 14, "5": 0}
    # every commune was resolved, former names into the unit that took them over
    assert not Product.objects.filter(origin_unit__level="province").exists()
    dan_ha = Product.objects.get(name="Chè shan tuyết Đồi Cọ").origin_unit
    assert (dan_ha.full_name, dan_ha.parent.full_name) == ("Phường Kỳ Sơn", "Thành phố Hòa Bình")
    ha_bi = Product.objects.get(name="Cam Suối Mơ").origin_unit
    assert (ha_bi.full_name, ha_bi.parent.full_name) == ("Thị trấn Bo", "Huyện Kim Bôi")


@pytest.mark.django_db
def test_a_list_under_a_former_province_name_and_english_words_imports(real_units, tmp_path):
    """Thừa Thiên Huế became the city of Huế on 1 January 2025; a 2021 list still says so."""
    path = write_csv(
        tmp_path / "hue-2021.csv",
        ["province", "district", "decision_no", "decision_date", "product_name",
         "product_group", "producer_name", "producer_type", "stars"],
        [
            ["Thừa Thiên Huế", "Phong Điền", "12/QĐ-UBND", "05/03/2021", "Nón lá Thử",
             "Handicrafts", "Làng nghề Thử", "Establishment", "★★★★"],
            ["Tỉnh Thừa Thiên Huế", "Huyện Phú Vang", "12/QĐ-UBND", "05/03/2021", "Mắm Thử",
             "Food", "Thử Co.", "Cooperative", "3*"],
        ],
    )  # fmt: skip
    services.results_import(actor=None, data=path.read_bytes(), filename=path.name)
    products = Product.objects.order_by("name")
    assert [(p.name, p.producer.province.name, p.product_group_label) for p in products] == [
        ("Mắm Thử", "Huế", "Thực phẩm"),
        ("Nón lá Thử", "Huế", "Hàng thủ công mỹ nghệ"),
    ]
    assert sorted(p.producer.legal_form for p in products) == ["cooperative", "household"]


THANH_HOA_2019 = Path(__file__).parent / "data" / "thanh-hoa-2019-5445.csv"


@pytest.mark.django_db
def test_a_real_published_list_thanh_hoa_2019_imports_and_reproduces_its_counts(real_units, capsys):
    """Thanh Hóa's decision 5445/QĐ-UBND of 23/12/2019 recognised 13 products: 5 at four stars
    and 8 at three, named with their districts. The list is written from the published facts
    (products, districts, stars, decision); it names Đông Sơn, a district merged into the city
    of Thanh Hóa in 2024, which only the resolver's former names know."""
    call_command("import", "results", str(THANH_HOA_2019))
    capsys.readouterr()
    call_command(
        "report", "summary", "--province", "Thanh Hóa", "--year", "2019", "--format", "json"
    )
    data = json.loads(capsys.readouterr().out)
    assert data["products"] == 13
    assert data["by_stars"] == {"3": 8, "4": 5, "5": 0}
    assert data["certificates"] == 13
    eggs = Product.objects.get(name="Trứng sạch Hiền Nhuần").origin_unit
    assert eggs.level == "district" and "Thanh Hóa" in eggs.full_name
