"""The public pages read well without a browser: one h1, a label on every field, alt text on
every image, the page language in ``<html lang>``, a skip link to the content, and the star and
status colours of app.css at a contrast of at least 4.5:1 (WCAG AA for text)."""

from __future__ import annotations

import re
from html.parser import HTMLParser
from pathlib import Path
from urllib.parse import urlsplit

import pytest
from django.core.management import call_command
from django.urls import reverse

from ocop.certificates.labels import verification_address
from ocop.certificates.models import Certificate
from ocop.demo.verify import altered
from ocop.outreach.models import Fair, Post, PostStatus
from ocop.registry.models import Producer, ProductStatus

APP_CSS = Path(__file__).resolve().parents[2] / "ocop" / "static" / "ocop" / "app.css"
UNLABELLED_TYPES = {"hidden", "submit", "button", "reset", "image"}


class Page(HTMLParser):
    """What the checks need of a page: its h1s, fields, labels, images, ids and first link."""

    def __init__(self):
        super().__init__()
        self.lang = None
        self.h1 = 0
        self.fields: list[dict] = []
        self.label_for: set[str] = set()
        self.ids: set[str] = set()
        self.images: list[dict] = []
        self.first_link: str | None = None
        self._in_label = 0

    def handle_starttag(self, tag, attrs):
        a = {name: value or "" for name, value in attrs}
        if "id" in a:
            self.ids.add(a["id"])
        if tag == "html":
            self.lang = a.get("lang")
        elif tag == "h1":
            self.h1 += 1
        elif tag == "label":
            self._in_label += 1
            if a.get("for"):
                self.label_for.add(a["for"])
        elif tag in ("input", "select", "textarea"):
            if a.get("type", "text") not in UNLABELLED_TYPES:
                self.fields.append(a | {"_tag": tag, "_wrapped": bool(self._in_label)})
        elif tag == "img":
            self.images.append(a)
        elif tag == "a" and self.first_link is None:
            self.first_link = a.get("href", "")

    def handle_endtag(self, tag):
        if tag == "label" and self._in_label:
            self._in_label -= 1

    def unlabelled(self) -> list[str]:
        return [
            f"<{field['_tag']} name={field.get('name')!r}>"
            for field in self.fields
            if not (
                field["_wrapped"]
                or field.get("aria-label", "").strip()
                or field.get("aria-labelledby")
                or field.get("id") in self.label_for
            )
        ]


def problems(html: str, lang: str) -> list[str]:
    page = Page()
    page.feed(html)
    found = []
    if page.lang != lang:
        found.append(f'<html lang="{page.lang}">, expected "{lang}"')
    if page.h1 != 1:
        found.append(f"{page.h1} h1 elements")
    found += [f"no label: {field}" for field in page.unlabelled()]
    found += [f"no alt: {img.get('src')}" for img in page.images if "alt" not in img]
    target = (page.first_link or "").lstrip("#")
    if not (page.first_link or "").startswith("#") or target not in page.ids:
        found.append(f"the first link is {page.first_link!r}, not a skip link to the content")
    return found


def _relative(address: str) -> str:
    parts = urlsplit(address)
    return f"{parts.path}?{parts.query}" if parts.query else parts.path


def public_pages() -> list[str]:
    """The public pages of the demo, one of each kind."""
    certificates = Certificate.objects.select_related("product")
    valid = certificates.filter(product__status=ProductStatus.RECOGNISED, superseded=False)
    valid = valid.exclude(key_id="").order_by("code").first()
    superseded = certificates.filter(superseded=True).order_by("code").first()
    expired = certificates.filter(product__status=ProductStatus.EXPIRED).order_by("code").first()
    revoked = certificates.get(revoked=True)
    producer = Producer.objects.filter(products__status=ProductStatus.RECOGNISED).first()
    province = valid.product.province
    return [
        reverse("portal:home"),
        reverse("portal:catalogue"),
        reverse("portal:catalogue") + "?q=ruou+do",
        reverse("portal:catalogue") + f"?q={valid.code}",
        reverse("portal:catalogue") + f"?don_vi={province.key}&sao=4",
        reverse("portal:product", args=[valid.product.public_code]),
        reverse("portal:producer", args=[producer.public_code]),
        reverse("portal:unit_products", args=[province.era, province.code]),
        reverse("portal:open_data"),
        *(_relative(verification_address(cert)) for cert in (valid, expired, revoked, superseded)),
        _relative(altered(verification_address(valid))),
        reverse("certificates:verify_lookup") + f"?code={valid.code}",
        reverse("outreach:fair_list"),
        reverse("outreach:fair_detail", args=[Fair.objects.order_by("pk").first().public_code]),
        reverse("outreach:post_list"),
        reverse(
            "outreach:post_detail",
            args=[Post.objects.filter(status=PostStatus.PUBLISHED).first().slug],
        ),
    ]


@pytest.mark.django_db
def test_public_pages_have_one_h1_labelled_fields_alt_text_a_skip_link_and_their_language(client):
    call_command("demo-data", "--no-reference", verbosity=0)
    found = {}
    for lang in ("vi", "en"):
        for url in public_pages():
            response = client.get(url, follow=True, HTTP_ACCEPT_LANGUAGE=lang)
            assert response.status_code == 200, url
            trouble = problems(response.content.decode(), lang)
            if trouble:
                found[f"{lang} {url}"] = trouble
    assert not found, found


def test_the_checks_catch_what_they_look_for():
    html = (
        '<html lang="en"><body><a href="/">OCOP</a><h1>A</h1><h1>B</h1>'
        '<input name="q"><img src="x.png"></body></html>'
    )
    assert problems(html, "vi") == [
        '<html lang="en">, expected "vi"',
        "2 h1 elements",
        "no label: <input name='q'>",
        "no alt: x.png",
        "the first link is '/', not a skip link to the content",
    ]
    good = (
        '<html lang="vi"><body><a href="#content">skip</a><main id="content"><h1>A</h1>'
        '<label>Q <input name="q"></label><label for="s">S</label><select id="s"></select>'
        '<img src="x.png" alt=""></main></body></html>'
    )
    assert problems(good, "vi") == []


# --------------------------------------------------------------------------- colours


def _variables(css: str) -> dict[str, str]:
    root = re.search(r":root\s*\{([^}]*)\}", css).group(1)
    return dict(re.findall(r"(--[\w-]+)\s*:\s*(#[0-9a-fA-F]{3,6})", root))


def _rule(css: str, selector: str) -> dict[str, str]:
    """The declarations of the first rule whose selector list contains ``selector``."""
    css = re.sub(r"/\*.*?\*/", "", css, flags=re.S)
    for selectors, body in re.findall(r"([^{}]+)\{([^}]*)\}", css):
        if selector in [s.strip() for s in selectors.split(",")]:
            return {
                name.strip(): value.strip()
                for name, value in (d.split(":", 1) for d in body.split(";") if ":" in d)
            }
    raise AssertionError(f"no rule for {selector} in app.css")


def _hex(value: str, variables: dict[str, str]) -> str:
    match = re.fullmatch(r"var\((--[\w-]+)\)", value)
    value = variables[match.group(1)] if match else value
    value = value.lstrip("#")
    return "".join(c * 2 for c in value) if len(value) == 3 else value


def _luminance(colour: str) -> float:
    channels = [int(colour[i : i + 2], 16) / 255 for i in (0, 2, 4)]
    linear = [c / 12.92 if c <= 0.03928 else ((c + 0.055) / 1.055) ** 2.4 for c in channels]
    return 0.2126 * linear[0] + 0.7152 * linear[1] + 0.0722 * linear[2]


def contrast(one: str, other: str) -> float:
    dark, light = sorted((_luminance(one), _luminance(other)))
    return (light + 0.05) / (dark + 0.05)


# (selector, background when the rule sets none: the page or a white card)
COLOURED = [
    (".stars", "--bg"),
    (".stars", "#fff"),
    (".badge.valid", None),
    (".badge.expired", None),
    (".badge.revoked", None),
    (".verdict-valid", None),
    (".verdict-expired", None),
    (".verdict-revoked", None),
    (".hint", "--bg"),
    (".footer", "--bg"),
]


@pytest.mark.parametrize(("selector", "page"), COLOURED)
def test_star_and_status_colours_have_a_contrast_of_at_least_4_5(selector, page):
    css = APP_CSS.read_text()
    variables = _variables(css)
    rule = _rule(css, selector)
    ink = _hex(rule["color"], variables)
    background = rule.get("background") or (variables.get(page) or page)
    ratio = contrast(ink, _hex(background, variables))
    assert ratio >= 4.5, f"{selector}: {ratio:.2f}:1"


def test_contrast_is_computed_as_wcag_does():
    assert round(contrast("000000", "ffffff"), 1) == 21.0
    assert round(contrast("c58b00", "ffffff"), 2) == 2.97  # the old star gold: too light


def test_the_focus_ring_stands_out_from_the_page_at_3_to_1():
    css = APP_CSS.read_text()
    variables = _variables(css)
    outline = _rule(css, "a:focus-visible")["outline"].split()[-1]
    assert contrast(_hex(outline, variables), _hex("var(--bg)", variables)) >= 3
