"""The public pages of fairs and news, the Atom feed, and the management pages' forms."""

import datetime
import xml.etree.ElementTree as ET

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse

from ocop.outreach.models import Fair, FairStatus, Post, PostStatus
from tests import factories as f
from tests.outreach import factories as of

pytestmark = pytest.mark.django_db

ATOM = "{http://www.w3.org/2005/Atom}"


def _queries(client, url) -> int:
    with CaptureQueriesContext(connection) as ctx:
        assert client.get(url).status_code == 200
    return len(ctx.captured_queries)


def _fairs(units, producer, n):
    for i in range(n):
        fair = of.fair(units.phu_tho, days=(i % 2) * 40 - 20, place_unit=units.new_commune)
        of.enter(fair, of.recognise(f.ProductFactory(producer=producer)))


def _posts(units, n):
    for _ in range(n):
        post = of.post(None, units.phu_lai, category="fair")
        post.units.add(units.phu_tho)


def test_the_fair_list_costs_the_same_queries_for_2_and_20_events(client, units, producer):
    _fairs(units, producer, 2)
    small = _queries(client, reverse("outreach:fair_list"))
    _fairs(units, producer, 18)
    assert _queries(client, reverse("outreach:fair_list")) == small


def test_the_news_list_and_feed_cost_the_same_queries_for_2_and_20_posts(client, units):
    _posts(units, 2)
    urls = [
        reverse("outreach:post_list"),
        reverse("outreach:post_list") + f"?loai=fair&tinh={units.phu_tho.key}",
        reverse("outreach:post_feed"),
    ]
    small = [_queries(client, url) for url in urls]
    _posts(units, 18)
    assert [_queries(client, url) for url in urls] == small


def test_a_fair_page_shows_recognised_participants_and_results_the_vietnamese_way(
    client, units, producer
):
    fair = of.fair(units.phu_tho, status=FairStatus.REPORTED, days=-30, name="Hội chợ Đất Tổ")
    wine = of.recognise(f.ProductFactory(producer=producer, name="Rượu men lá"))
    hidden = f.ProductFactory(producer=producer, name="Sản phẩm chưa công nhận")
    of.enter(fair, wine, sales_vnd=12_500_000, contracts_signed=2, contracts_value_vnd=300_000_000)
    of.enter(fair, hidden)
    page = client.get(reverse("outreach:fair_detail", args=[fair.public_code]))
    text = page.content.decode()
    assert "Rượu men lá" in text and "Sản phẩm chưa công nhận" not in text
    assert "12.500.000 đ" in text and "300.000.000 đ" in text
    assert "Hội chợ Đất Tổ" in client.get(reverse("outreach:fair_list")).content.decode()
    assert "Set-Cookie" not in page.headers or "sessionid" not in page.headers["Set-Cookie"]


def test_the_product_page_lists_its_fairs(client, units, producer):
    fair = of.fair(units.phu_tho, name="Tuần lễ OCOP")
    wine = of.recognise(f.ProductFactory(producer=producer))
    of.enter(fair, wine)
    page = client.get(reverse("portal:product", args=[wine.public_code]))
    assert "Tuần lễ OCOP" in page.content.decode()


def test_hidden_or_cancelled_events_answer_404(client, units):
    for fair in (
        of.fair(units.phu_tho, is_public=False),
        of.fair(units.phu_tho, status=FairStatus.CANCELLED),
    ):
        assert (
            client.get(reverse("outreach:fair_detail", args=[fair.public_code])).status_code == 404
        )


def test_a_post_shows_its_text_escaped_in_paragraphs_and_drafts_are_not_public(client, units):
    post = of.post(None, units.phu_lai, title="Tin đã đăng")
    of.cover_file(post)
    draft = of.post(None, units.phu_lai, status=PostStatus.DRAFT, title="Tin nháp")
    of.cover_file(draft)
    text = client.get(reverse("outreach:post_detail", args=[post.slug])).content.decode()
    assert "<p>Đoạn một.</p>" in text and "Đoạn &lt;b&gt;hai&lt;/b&gt;." in text
    assert client.get(reverse("outreach:post_cover", args=[post.public_code])).status_code == 200
    for url in (
        reverse("outreach:post_detail", args=[draft.slug]),
        reverse("outreach:post_cover", args=[draft.public_code]),
    ):
        assert client.get(url).status_code == 404
    listing = client.get(reverse("outreach:post_list")).content.decode()
    assert "Tin đã đăng" in listing and "Tin nháp" not in listing


def test_the_atom_feed_has_absolute_addresses_from_the_site_url(client, units, settings):
    settings.SITE_URL = "https://ocop.example.vn"
    post = of.post(None, units.phu_lai, title="Tin cho nguồn cấp")
    of.post(None, units.phu_lai, status=PostStatus.SUBMITTED, title="Chưa duyệt")
    response = client.get(reverse("outreach:post_feed"), HTTP_HOST="localhost")
    assert response["Content-Type"].startswith("application/atom+xml")
    root = ET.fromstring(response.content)  # noqa: S314 - the feed our own test server wrote
    entries = root.findall(f"{ATOM}entry")
    assert [e.findtext(f"{ATOM}title") for e in entries] == ["Tin cho nguồn cấp"]
    link = entries[0].find(f"{ATOM}link").get("href")
    assert link == f"https://ocop.example.vn/tin-tuc/{post.slug}/"
    assert "localhost" not in response.content.decode()


def test_an_officer_writes_a_post_with_a_cover_through_the_form(client, units, personas):
    client.force_login(personas.commune)
    url = reverse("outreach:post_create")
    form = client.get(url).content.decode()
    assert "Phú Lai" in form
    response = client.post(
        url,
        {
            "author_unit": str(units.phu_lai.pk),
            "title": "Lớp tập huấn OCOP",
            "summary": "Tập huấn cho các chủ thể.",
            "body": "Nội dung.",
            "category": "training",
            "cover": of.image_upload(),
            "cover_alt": "Lớp học",
        },
    )
    post = Post.objects.get()
    assert response.status_code == 302 and post.cover.name.endswith(".jpg")
    assert client.post(reverse("outreach:post_submit", args=[post.public_code])).status_code == 302
    post.refresh_from_db()
    assert post.status == PostStatus.SUBMITTED


def test_the_province_creates_an_event_through_the_form_with_days_typed_dd_mm_yyyy(
    client, units, personas
):
    client.force_login(personas.province)
    day = datetime.date.today() + datetime.timedelta(days=30)
    response = client.post(
        reverse("outreach:fair_create"),
        {
            "office": str(units.phu_tho.pk),
            "name": "Hội chợ mùa thu",
            "organiser": "UBND tỉnh",
            "level": "provincial",
            "starts_on": day.strftime("%d/%m/%Y"),
            "ends_on": (day + datetime.timedelta(days=2)).strftime("%d/%m/%Y"),
            "place": "Công viên Văn Lang",
            "place_unit": str(units.new_commune.pk),
            "is_public": "on",
        },
    )
    fair = Fair.objects.get()
    assert response.status_code == 302 and fair.starts_on == day
    page = client.get(reverse("outreach:fair_manage", args=[fair.public_code])).content.decode()
    assert "Hội chợ mùa thu" in page


def test_a_fair_page_costs_the_same_queries_for_2_and_20_participants(client, units, producer):
    fair = of.fair(units.phu_tho, status=FairStatus.REPORTED, days=-30)
    url = reverse("outreach:fair_detail", args=[fair.public_code])

    def enter(n):
        for _ in range(n):
            of.enter(fair, of.recognise(f.ProductFactory(producer=producer)), sales_vnd=1_000)

    enter(2)
    small = _queries(client, url)
    enter(18)
    assert _queries(client, url) == small
    assert client.get(url).content.decode().count("1.000 đ") == 20
