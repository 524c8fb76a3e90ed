"""With the shared cache on (the tests' per-process cache is a real backend, not the dummy), a
change shows on the very next request: a revocation on the verification page, its JSON, the
product page and the open data; and a visitor's own state is never served from, nor put into,
the shared cache."""

from __future__ import annotations

import datetime
import json

import pytest
from django.core.cache import caches
from django.urls import reverse

from ocop.certificates import services
from ocop.certificates.models import Certificate, RevocationGround
from tests import factories as f
from tests.outreach import factories as of

pytestmark = pytest.mark.django_db


@pytest.fixture
def certified(producer):
    product = of.recognise(f.ProductFactory(producer=producer, name="Mật ong bạc hà"))
    return Certificate.objects.get(product=product)


def _kept_pages() -> list[str]:
    return [key for key in caches["default"]._cache if ":page:" in key]


def _open_data_codes(client) -> set[str]:
    response = client.get(reverse("portal:open_data_certified", args=["json"]))
    items = json.loads(b"".join(response.streaming_content))["items"]
    return {item["certificate_code"] for item in items}


def test_a_revocation_shows_at_once_on_every_cached_public_answer(client, personas, certified):
    page = reverse("certificates:verify", args=[certified.code])
    data = reverse("certificates:verify_json", args=[certified.code])
    product = reverse("portal:product", args=[certified.product.public_code])
    for url in (page, data, product):  # twice: the second answer comes from the cache
        client.get(url)
        assert client.get(url).status_code == 200
    held = client.get(page)["ETag"]
    assert client.get(data).json()["status"] == "valid"
    assert certified.code in _open_data_codes(client)

    services.certificate_revoke(
        actor=personas.admin,
        certificate=certified,
        ground=RevocationGround.MARK_MISUSE,
        authority="UBND tỉnh Phú Thọ",
        decision_no="9/QĐ-THU-HOI",
        revoked_on=datetime.date(2026, 1, 5),
    )

    assert client.get(data).json()["status"] == "revoked"
    fresh = client.get(page, HTTP_IF_NONE_MATCH=held)
    assert fresh.status_code == 200 and fresh["ETag"] != held
    assert "05/01/2026" in fresh.text
    assert certified.code not in _open_data_codes(client)
    assert client.get(product).context["certificate_status"] != "valid"


def test_a_visitor_with_a_session_gets_a_private_answer_never_kept(client, certified):
    url = reverse("certificates:verify", args=[certified.code])
    client.cookies["sessionid"] = "someone"
    response = client.get(url)
    assert response.status_code == 200
    assert "private" in response["Cache-Control"] and "ETag" not in response
    assert not _kept_pages()  # nothing was kept for the others


def test_a_page_that_sets_a_token_is_not_kept(client):
    response = client.get(reverse("accounts:login"))
    assert "csrfmiddlewaretoken" in response.text
    assert not _kept_pages()


def test_the_language_switch_is_a_link_that_keeps_the_choice(client, certified):
    url = reverse("certificates:verify", args=[certified.code])
    page = client.get(url).text
    switch = reverse("switch_language", args=["en"])
    assert f'href="{switch}?next=' in page and "<form" not in page.split("<main")[0]
    response = client.get(switch, {"next": url})
    assert response.status_code == 302 and response["Location"] == url
    assert response.cookies["django_language"].value == "en"
    english = client.get(url)
    assert english["Content-Language"] == "en" and 'lang="en"' in english.text


def test_the_language_switch_goes_nowhere_else(client):
    response = client.get(
        reverse("switch_language", args=["en"]), {"next": "https://evil.example/"}
    )
    assert response["Location"] == "/"
    assert client.get(reverse("switch_language", args=["fr"])).status_code == 404


def test_a_kept_page_is_not_served_to_a_host_the_site_refuses(client, certified):
    url = reverse("certificates:verify", args=[certified.code])
    client.get(url)
    assert client.get(url).status_code == 200  # kept
    assert client.get(url, HTTP_HOST="evil.example").status_code == 400


def test_a_kept_page_carries_the_same_headers_as_a_rendered_one(client, certified):
    url = reverse("portal:product", args=[certified.product.public_code])
    rendered, kept = client.get(url), client.get(url)
    for name in ("Content-Security-Policy", "X-Frame-Options", "Content-Language", "ETag"):
        assert kept[name] == rendered[name], name
    assert "Cookie" in kept["Vary"] and "Accept-Language" in kept["Vary"]
