"""Units in force on the day of the act, and how a record names its unit."""

import datetime

import pytest
from django.urls import reverse

from ocop.certificates.facts import facts_for
from ocop.certificates.models import Certificate, RecognitionDecision
from ocop.core.text import vi_display
from ocop.evaluation.forms import RoundForm
from ocop.geo.display import unit_label
from ocop.geo.in_force import units_in_force
from ocop.geo.services import unit_add
from ocop.registry.forms import ProductForm
from ocop.reports import charts
from tests import factories as f

pytestmark = pytest.mark.django_db

BEFORE = datetime.date(2025, 6, 30)
AFTER = datetime.date(2025, 7, 1)


@pytest.mark.parametrize(
    ("text", "shown"),
    [("Hoà Bình", "Hòa Bình"), ("Hòa Bình", "Hòa Bình"), ("Thuỷ", "Thủy"), ("Quý", "Quý")],
)
def test_names_are_shown_with_one_tone_placement(text, shown):
    assert vi_display(text) == shown


def test_a_former_unit_is_shown_with_its_current_successor(units):
    label = unit_label(units.hoa_binh)
    assert label.startswith("Tỉnh Hòa Bình") and "Phú Thọ" in label


def test_a_record_of_2026_names_the_unit_in_force_that_day(units):
    assert unit_label(units.phu_lai, AFTER) == units.new_commune.full_name
    assert unit_label(units.new_commune) == units.new_commune.full_name


def test_units_in_force_follow_the_structure_of_the_day(units):
    province = [units.phu_tho.path]
    before = set(units_in_force(BEFORE, within=province, levels=["commune", "district"]))
    after = set(units_in_force(AFTER, within=province, levels=["commune", "district"]))
    assert units.phu_lai in before and units.yen_thuy in before
    assert units.new_commune in after and not any(u.era == "old" for u in after)
    assert not any(u.level == "district" for u in after)


def test_round_form_offers_no_district_after_the_reorganisation(personas):
    after = RoundForm(user=personas.province, on=AFTER)
    before = RoundForm(user=personas.admin, on=BEFORE)
    assert "district" not in dict(after.fields["level"].choices)
    assert after.initial["level"] == "province"
    assert not after.fields["unit"].queryset.filter(level="district").exists()
    assert "district" in dict(before.fields["level"].choices)


def test_product_form_defaults_to_the_commune_in_force(personas, producer, product_set):
    form = ProductForm(user=personas.province, producer=producer)
    assert form.initial["origin_unit"] != producer.commune_id
    assert not form.fields["origin_unit"].queryset.filter(era="old").exists()


def test_frozen_facts_carry_the_unit_in_force_on_the_issue_date(units, producer, product_set):
    product = f.ProductFactory(producer=producer, product_set=product_set, stars=3)
    decision = RecognitionDecision.objects.create(number="9/QĐ", year=2026, level="province")
    cert = Certificate(
        product=product,
        producer=producer,
        decision=decision,
        stars=3,
        issued_on=datetime.date(2026, 1, 5),
        expires_on=datetime.date(2029, 1, 5),
    )
    facts = facts_for(cert)
    assert facts["province"] == "Tỉnh Phú Thọ"


def test_a_producer_opening_producer_registration_is_told_who_registers(client, personas):
    client.force_login(personas.producer)
    response = client.get(reverse("registry:producer_create"))
    assert response.status_code == 403
    assert "cán bộ OCOP cấp xã" in response.text and "Forbidden" not in response.text


def test_the_not_found_page_is_vietnamese(client):
    response = client.get("/khong-co-trang-nay/")
    assert response.status_code == 404 and "Danh mục sản phẩm" in response.text


def test_home_and_statistics_count_recognised_products_alike(client, producer, product_set):
    decision = RecognitionDecision.objects.create(number="1/QĐ", year=2023, level="province")
    for issued, stars in [(datetime.date(2023, 1, 1), 3), (datetime.date(2026, 1, 1), 4)]:
        product = f.ProductFactory(producer=producer, product_set=product_set, stars=stars)
        Certificate.objects.create(
            product=product,
            producer=producer,
            decision=decision,
            stars=stars,
            issued_on=issued,
            expires_on=issued.replace(year=issued.year + 3),
        )
    home = client.get(reverse("portal:home"))
    report = client.get(reverse("reports:index"))
    assert home.context["counts"]["products"] == report.context["today"]["products"] == 1
    assert "còn hiệu lực vào hôm nay" in home.text and "còn hiệu lực vào hôm nay" in report.text


def test_the_map_draws_province_outlines(client, units):
    assert len(charts.hull([(0, 0), (2, 0), (1, 1), (2, 2), (0, 2)])) == 4
    for code, lat, lon in [("90001", 21.3, 105.2), ("90002", 20.5, 105.0), ("90003", 20.9, 105.6)]:
        unit_add(
            era="new",
            level="commune",
            code=code,
            name=code,
            unit_type="xa",
            parent=units.phu_tho,
            latitude=lat,
            longitude=lon,
        )
    response = client.get(reverse("reports:index"))
    assert response.status_code == 200
    assert (
        '<polygon class="province"' in response.text and "<title>Phú Thọ</title>" in response.text
    )
