"""The public face in Chromium: searching with and without diacritics or by certificate code,
filtering (a current province lists what its predecessors recognised), a product
page and its certificate link, a producer keeping "where to buy" as demo-producer would, the
open data, and the catalogue working with JavaScript switched off."""

import json

import pytest

from ocop.accounts.models import Role
from ocop.registry.models import ProductOutlet
from tests import factories as f
from tests.portal.test_catalogue import _recognised as recognised

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]

SEARCH = "Sản phẩm, chủ thể hoặc mã giấy chứng nhận"


@pytest.fixture
def shelf(producer, product_set):
    spirit = recognised(producer, product_set, 1, name="Rượu đồ Mường Thử", stars=4)[0]
    tea = recognised(producer, product_set, 1, name="Chè xanh Thử", stars=3)[0]
    return spirit, tea


def test_search_with_and_without_diacritics_and_filters(watched, units, shelf):
    from playwright.sync_api import expect

    spirit, tea = shelf
    w = watched()
    w.page.goto("/san-pham/")
    results = w.page.locator("#results")
    expect(results).to_contain_text(tea.name)
    w.page.get_by_label(SEARCH).press_sequentially("ruou do", delay=20)
    expect(results).not_to_contain_text(tea.name)
    expect(results).to_contain_text(spirit.name)
    w.page.get_by_label(SEARCH).fill("RƯỢU ĐỒ")
    with w.page.expect_navigation():  # the form's own submit: a new page, not a fragment
        w.page.get_by_role("button", name="Tìm kiếm").click()
    expect(results).to_contain_text(spirit.name)
    w.page.get_by_label(SEARCH).fill("")
    w.page.get_by_label("Số sao").select_option("3")
    expect(results).not_to_contain_text(spirit.name)
    expect(results).to_contain_text(tea.name)
    assert "sao=3" in w.page.url
    assert w.page.locator("h1").count() == 1
    assert not w.problems, "\n".join(w.problems)


def test_search_by_certificate_code_and_filter_by_a_province_with_its_predecessors(
    watched, units, shelf
):
    from playwright.sync_api import expect

    spirit, tea = shelf
    w = watched()
    w.page.set_viewport_size({"width": 390, "height": 844})  # a phone
    w.page.goto("/san-pham/")
    results = w.page.locator("#results")
    code = spirit.certificates.get().code
    w.page.get_by_label(SEARCH).fill(code.lower())
    with w.page.expect_navigation():  # the form's own submit: a new page, not a fragment
        w.page.get_by_role("button", name="Tìm kiếm").click()
    expect(results).to_contain_text(spirit.name)
    expect(results).not_to_contain_text(tea.name)
    w.page.get_by_label(SEARCH).fill("")
    # recorded under former Hòa Bình: today's Phú Thọ lists them, Hà Nội does not
    w.page.locator("#f-unit").select_option(units.phu_tho.key)
    with w.page.expect_navigation():  # the form's own submit: a new page, not a fragment
        w.page.get_by_role("button", name="Tìm kiếm").click()
    expect(results).to_contain_text(spirit.name)
    expect(results).to_contain_text(tea.name)
    w.page.locator("#f-unit").select_option(units.hanoi.key)
    with w.page.expect_navigation():  # the form's own submit: a new page, not a fragment
        w.page.get_by_role("button", name="Tìm kiếm").click()
    expect(results).not_to_contain_text(tea.name)
    w.page.wait_for_url(f"**don_vi={units.hanoi.key.replace(':', '%3A')}**")
    w.page.wait_for_load_state("load")
    assert w.page.evaluate("document.scrollingElement.scrollWidth") <= 390
    assert not w.problems, "\n".join(w.problems)


def test_the_catalogue_works_without_javascript(browser, live_server, units, shelf):
    spirit, tea = shelf
    context = browser.new_context(
        base_url=live_server.url, java_script_enabled=False, locale="vi-VN"
    )
    page = context.new_page()
    page.goto("/san-pham/")
    page.get_by_label(SEARCH).fill("ruou do")
    page.get_by_role("button", name="Tìm kiếm").click()
    page.wait_for_url("**q=ruou+do**")
    assert spirit.name in page.content() and tea.name not in page.content()
    context.close()


def test_product_page_links_its_certificate_and_where_to_buy(watched, units, shelf):
    spirit, _tea = shelf
    ProductOutlet.objects.create(product=spirit, kind="shop", name="Quầy chợ phiên Thử",
                                 address="Chợ Phú Lai")  # fmt: skip
    w = watched()
    w.page.goto("/san-pham/?q=ruou+do")
    w.page.get_by_role("link", name=spirit.name).click()
    assert w.page.locator("h1").inner_text() == spirit.name
    assert "Quầy chợ phiên Thử" in w.page.content()
    w.page.get_by_role("link", name="Tra cứu giấy chứng nhận này").click()
    assert f"/v/{spirit.certificates.get().code}" in w.page.url
    assert not w.problems, "\n".join(w.problems)


def test_a_producer_adds_orders_and_hides_where_to_buy(watched, units, producer, shelf):
    spirit, _tea = shelf
    user = f.UserFactory(username="nsx-thu")
    f.grant(user, Role.PRODUCER, producer=producer)
    w = watched(user)
    page = w.page
    for name, kind, address in (("Cửa hàng Thử", "shop", "Chợ Phú Lai"),
                                ("Hội chợ Thử", "fair", "Nhà văn hóa xã")):  # fmt: skip
        page.goto(f"/quan-ly/san-pham/{spirit.public_code}/")
        page.get_by_role("link", name="Thêm nơi bán").click()
        page.get_by_label("Loại").select_option(kind)
        page.get_by_label("Tên").fill(name)
        page.get_by_label("Địa chỉ", exact=True).fill(address)
        page.get_by_role("button", name="Lưu").click()
    page.get_by_role("button", name="Đưa Hội chợ Thử lên trên").click()
    page.get_by_role("button", name="Ẩn Cửa hàng Thử").click()
    names = list(spirit.outlets.order_by("position").values_list("name", "is_hidden"))
    assert names == [("Hội chợ Thử", False), ("Cửa hàng Thử", True)]
    page.goto(f"/san-pham/{spirit.public_code}/")
    assert "Hội chợ Thử" in page.content() and "Cửa hàng Thử" not in page.content()
    assert not w.problems, "\n".join(w.problems)


def test_open_data_is_reachable(watched, units, shelf):
    w = watched()
    w.page.goto("/")
    w.page.get_by_role("link", name="Dữ liệu mở").click()
    assert w.page.locator("h1").inner_text() == "Dữ liệu mở"
    response = w.page.request.get("/open-data/certified-products.json")
    data = json.loads(response.body())
    assert data["version"] == 1 and len(data["items"]) == 2
    assert not w.problems, "\n".join(w.problems)
