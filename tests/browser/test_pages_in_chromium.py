"""End-to-end checks in headless Chromium: pages render in Vietnamese, htmx works under the
Content-Security-Policy, and typing into the pages does what a user expects."""

import pytest

from tests.portal.test_catalogue import _recognised as recognised

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]


@pytest.fixture
def wine(producer, product_set):
    return recognised(producer, product_set, 1, name="Rượu men lá Thử Nghiệm", stars=4)[0]


def test_home_and_catalogue_render_in_vietnamese_with_htmx_loaded(watched, units, wine):
    w = watched()
    w.page.goto("/")
    assert "Mỗi xã một sản phẩm" in w.page.content()
    w.page.goto("/san-pham/?q=ruou")
    assert "Rượu men lá Thử Nghiệm" in w.page.content()
    # htmx loaded and read its configuration from the meta tag: no inline indicator style
    assert w.page.evaluate("htmx.config.includeIndicatorStyles") is False
    assert w.page.locator("style").count() == 0
    assert not w.problems, "\n".join(w.problems)


def test_home_page_screenshot_is_a_real_picture(watched, tmp_path):
    w = watched()
    w.page.set_viewport_size({"width": 390, "height": 844})
    w.page.goto("/")
    shot = tmp_path / "home.png"
    w.page.screenshot(path=str(shot), full_page=True)
    assert shot.stat().st_size > 5000
    assert shot.read_bytes()[:8] == b"\x89PNG\r\n\x1a\n"
    # the stylesheet applied: the top bar is painted in the programme's green
    colour = w.page.evaluate("getComputedStyle(document.querySelector('.topbar')).backgroundColor")
    assert colour == "rgb(31, 111, 67)"
    assert not w.problems, "\n".join(w.problems)


def test_typing_in_the_catalogue_search_shows_the_matching_products(
    watched, units, wine, producer, product_set
):
    from playwright.sync_api import expect

    recognised(producer, product_set, 1, name="Chè Shan tuyết Thử Nghiệm")
    w = watched()
    w.page.goto("/san-pham/")
    rows = w.page.locator("#results")
    assert "Chè Shan tuyết" in rows.inner_text()
    w.page.get_by_label("Sản phẩm, chủ thể hoặc mã giấy chứng nhận").press_sequentially(
        "ruou men", delay=20
    )
    # htmx swaps the rows in place and pushes the search into the address bar
    expect(rows).not_to_contain_text("Chè Shan tuyết")
    expect(rows).to_contain_text("Rượu men lá Thử Nghiệm")
    assert "q=ruou%20men" in w.page.url
    assert not w.problems, "\n".join(w.problems)
