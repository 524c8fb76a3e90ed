"""Trade fairs and news in headless Chromium, on the demo data: a visitor reads the fairs,
their results and the news (the Atom feed parses); the commune sends its draft for review and
the province publishes it."""

import xml.etree.ElementTree as ET

import pytest
from django.urls import reverse

from ocop.outreach.models import Post, PostStatus
from tests.browser.test_chain_in_chromium import _clean, _click, _log_in, demo  # noqa: F401

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]

ATOM = "{http://www.w3.org/2005/Atom}"
DRAFT = "Chuẩn bị gian hàng cho tuần hàng OCOP tại Hà Nội (minh họa)"


def test_a_visitor_reads_the_fairs_and_the_news(watched, demo):  # noqa: F811
    w = watched()
    w.page.goto("/")
    _click(w.page, f"nav a[href='{reverse('outreach:fair_list')}']")
    assert w.page.locator("h1").inner_text() == "Hội chợ và xúc tiến thương mại"
    assert (
        "Tuần hàng OCOP Phú Thọ tại Hà Nội"
        in w.page.locator("#upcoming-title + table").inner_text()
    )
    _click(w.page, "main a:has-text('Hội chợ OCOP và làng nghề Phú Thọ mùa thu')")
    text = w.page.locator("main").inner_text()
    assert "18.500.000 đ" in text and "Đã báo cáo kết quả" in text
    # a participant's page names the fair it took part in
    _click(w.page, "main table a:has-text('Rượu men lá Hàng Trạm')")
    assert "Hội chợ OCOP và làng nghề Phú Thọ mùa thu" in w.page.content()

    _click(w.page, f"nav a[href='{reverse('outreach:post_list')}']")
    assert w.page.locator("h1").inner_text() == "Tin từ các đơn vị"
    assert DRAFT not in w.page.content()
    _click(w.page, "main article a:has-text('Hàng Trạm giữ nghề nấu rượu men lá')")
    cover = w.page.locator("figure.cover img")
    assert cover.get_attribute("alt").startswith("Ảnh bìa minh họa")
    assert cover.evaluate("img => img.complete && img.naturalWidth") == 1200
    assert w.page.locator("main article p").count() >= 3

    feed = w.page.request.get(reverse("outreach:post_feed"))
    assert feed.headers["content-type"].startswith("application/atom+xml")
    root = ET.fromstring(feed.body())  # noqa: S314 - the feed our own test server wrote
    titles = [entry.findtext(f"{ATOM}title") for entry in root.findall(f"{ATOM}entry")]
    assert titles == ["Hàng Trạm giữ nghề nấu rượu men lá (minh họa)"]
    link = root.find(f"{ATOM}entry/{ATOM}link").get("href")
    assert link.startswith(w.base_url) and link.endswith("/")
    _clean(w)


def test_the_commune_sends_a_post_and_the_province_publishes_it(watched, demo):  # noqa: F811
    post = Post.objects.get(title=DRAFT)

    w = _log_in(watched, "demo-commune")
    _click(w.page, f"main a.tile[href='{reverse('outreach:post_manage_list')}']")
    _click(w.page, f"main a:text-is('{DRAFT}')")
    _click(w.page, "main form[action$='/gui/'] button")
    assert "Đã gửi bài để duyệt." in w.page.content()
    post.refresh_from_db()
    assert post.status == PostStatus.SUBMITTED
    _clean(w)

    w = _log_in(watched, "demo-province")
    _click(w.page, f"main a.tile[href='{reverse('outreach:post_manage_list')}']")
    _click(w.page, f"section a:text-is('{DRAFT}')")
    _click(w.page, "main form[action$='/dang/'] button")
    assert "Đã đăng bài." in w.page.content()
    post.refresh_from_db()
    assert (post.status, post.reviewed_by.username) == (PostStatus.PUBLISHED, "demo-province")
    _click(w.page, "main a:text-is('Trang công khai')")
    assert w.page.locator("h1").inner_text() == DRAFT
    _clean(w)
