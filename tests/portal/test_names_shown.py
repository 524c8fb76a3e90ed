"""Unit names are shown with one accent placement wherever units are listed: the catalogue, the
reports page and the units browser; a former unit with the unit covering it today."""

import pytest
from django.urls import reverse

from ocop.geo.models import AdminUnit
from ocop.geo.names import name_key
from tests.portal.test_catalogue import _recognised

pytestmark = pytest.mark.django_db

OLD, NEW = "Khánh Hoà", "Khánh Hòa"


@pytest.fixture
def old_spelling(units):
    """A province of each structure spelled the old way, as some sources write it."""
    AdminUnit.objects.filter(pk=units.hanoi.pk).update(
        name=OLD, full_name=f"Tỉnh {OLD}", name_folded=name_key(OLD)
    )
    AdminUnit.objects.filter(pk=units.hoa_binh.pk).update(
        name="Hoà Bình", full_name="Tỉnh Hoà Bình"
    )
    return units


def test_catalogue_lists_provinces_and_rows_with_one_accent_placement(
    client, old_spelling, producer, product_set
):
    _recognised(producer, product_set, 1)
    page = client.get(reverse("portal:catalogue")).content.decode()
    assert NEW in page and OLD not in page
    # the product was filed under former Hòa Bình, now part of Phú Thọ
    assert "Tỉnh Hòa Bình, nay thuộc Tỉnh Phú Thọ" in page
    rows = client.get(reverse("portal:catalogue"), HTTP_HX_REQUEST="true").content.decode()
    assert "Tỉnh Hòa Bình, nay thuộc Tỉnh Phú Thọ" in rows


def test_reports_page_lists_provinces_with_one_accent_placement(client, old_spelling):
    new = client.get(reverse("reports:index")).content.decode()
    assert NEW in new and OLD not in new
    old = client.get(reverse("reports:index"), {"don-vi": old_spelling.hoa_binh.key})
    assert "Hòa Bình" in old.content.decode() and "Hoà Bình" not in old.content.decode()


def test_units_browser_shows_names_with_one_accent_placement(client, old_spelling):
    page = client.get(reverse("geo:unit", args=["new", "01"])).content.decode()
    assert NEW in page and OLD not in page
    found = client.get(reverse("geo:browse"), {"q": "khanh hoa", "on": "01/01/2026"})
    assert NEW in found.content.decode() and OLD not in found.content.decode()
