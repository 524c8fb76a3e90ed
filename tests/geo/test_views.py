import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse

from ocop.geo.models import Era, Level
from ocop.geo.services import unit_add


def _queries(client, url, **params):
    with CaptureQueriesContext(connection) as ctx:
        response = client.get(url, params)
    assert response.status_code == 200
    return len(ctx.captured_queries), response


def _add_communes(parent, count, *, era=Era.OLD, start=60000):
    for i in range(count):
        unit_add(
            era=era,
            level=Level.COMMUNE,
            code=f"{start + i:05d}",
            name=f"Hòa Bình {i}",
            unit_type="xa",
            parent=parent,
        )


def test_browser_shows_vietnamese_text_and_old_provinces_at_an_old_date(client, tiny_tree):
    response = client.get(reverse("geo:browse"), {"on": "2021-05-01"})

    html = response.content.decode()
    assert "Đơn vị hành chính" in html
    assert "Tỉnh Hòa Bình" in html and "Tỉnh Phú Thọ" in html


def test_browser_finds_an_old_province_by_name_at_an_old_date(client, tiny_tree):
    response = client.get(
        reverse("geo:browse"), {"q": "tinh hoa binh", "on": "2021-05-01", "level": "province"}
    )

    assert reverse("geo:unit", args=["old", "17"]) in response.content.decode()


def test_browser_answers_htmx_with_the_results_only(client, tiny_tree):
    response = client.get(
        reverse("geo:browse"), {"q": "Quyết Thắng", "on": "2026-01-01"}, HTTP_HX_REQUEST="true"
    )

    html = response.content.decode()
    assert "<html" not in html
    assert "Xã Quyết Thắng" in html and "Tỉnh Phú Thọ" in html


def test_browser_reports_a_bad_date(client, tiny_tree):
    response = client.get(reverse("geo:browse"), {"q": "hoa", "on": "31/02/2021"})

    assert response.status_code == 200
    assert 'class="errors"' in response.content.decode()


def test_old_unit_page_shows_its_successors_and_children(client, tiny_tree):
    response = client.get(reverse("geo:unit", args=["old", "05117"]))

    html = response.content.decode()
    assert "Xã Quyết Thắng" in html and "Xã Lạc Sơn" in html  # split in two
    assert "Huyện Lạc Sơn" in html  # breadcrumb
    hoa_binh = client.get(reverse("geo:unit", args=["old", "17"])).content.decode()
    assert "Thành phố Hòa Bình" in hoa_binh and "Huyện Lạc Sơn" in hoa_binh
    assert reverse("geo:unit", args=["new", "25"]) in hoa_binh  # now part of Phú Thọ


def test_new_unit_page_lists_its_predecessors(client, tiny_tree):
    html = client.get(reverse("geo:unit", args=["new", "04792"])).content.decode()

    assert "Xã Hòa Bình" in html and "Phường Thống Nhất" in html
    assert "sáp nhập vào đây" in html


def test_suggest_returns_options_for_htmx_forms(client, tiny_tree):
    response = client.get(
        reverse("geo:suggest"), {"q": "quyet", "level": "commune", "on": "2026-01-01"}
    )

    html = response.content.decode()
    assert html.count("<option") == 1
    assert "Xã Quyết Thắng, Tỉnh Phú Thọ" in html
    assert 'data-key="new:c:05130"' in html


def test_suggest_searches_under_a_parent(client, tiny_tree):
    from ocop.geo.models import AdminUnit

    old_phu_tho = AdminUnit.objects.get(key="old:p:25")
    response = client.get(
        reverse("geo:suggest"), {"q": "a", "on": "2021-05-01", "parent": old_phu_tho.pk}
    )

    html = response.content.decode()
    assert "Phường Gia Cẩm" in html and "Hòa Bình" not in html


def test_suggest_without_text_returns_nothing(client, tiny_tree):
    assert client.get(reverse("geo:suggest")).content.decode().strip() == ""


@pytest.mark.parametrize(
    ("url_name", "params"),
    [
        ("geo:browse", {"q": "hoa binh", "on": "2021-05-01"}),
        ("geo:suggest", {"q": "hoa binh", "on": "2021-05-01"}),
    ],
)
def test_search_pages_cost_the_same_queries_for_3_or_30_rows(client, units, url_name, params):
    url = reverse(url_name)
    _add_communes(units.yen_thuy, 3)
    few, response = _queries(client, url, **params)
    assert response.content.decode().count("Xã Hòa Bình ") == 3
    _add_communes(units.lac_son, 27, start=61000)
    many, response = _queries(client, url, **params)
    assert response.content.decode().count("Xã Hòa Bình ") > 10
    assert few == many


def test_unit_page_costs_the_same_queries_for_3_or_30_children(client, units):
    url = reverse("geo:unit", args=["old", units.yen_thuy.code])
    _add_communes(units.yen_thuy, 1)
    few, _ = _queries(client, url)
    _add_communes(units.yen_thuy, 27, start=61000)
    many, response = _queries(client, url)
    assert "30 " in response.content.decode()
    assert few == many


def test_suggest_ignores_a_bad_level_but_keeps_the_text(client, tiny_tree):
    response = client.get(
        reverse("geo:suggest"), {"q": "gia cam", "level": "hamlet", "on": "2021-05-01"}
    )

    assert "Phường Gia Cẩm" in response.content.decode()


def test_suggest_accepts_a_parent_key(client, tiny_tree):
    response = client.get(
        reverse("geo:suggest"), {"q": "hoa", "on": "2021-05-01", "parent": "old:d:157"}
    )

    html = response.content.decode()
    assert "Xã Quý Hòa" in html and "Thành phố Hòa Bình" not in html
