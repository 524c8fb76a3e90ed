"""The public catalogue, product, producer and unit pages: what they find, what they show,
and what they never show."""

import datetime

import pytest
from django.core.files.base import ContentFile
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse

from ocop.certificates.catalogue_index import catalogue_refresh
from ocop.certificates.models import Certificate, RecognitionDecision
from ocop.certificates.services import certificate_revoke
from ocop.core.text import fold
from ocop.registry.models import ProductOutlet, ProductPhoto
from tests import factories as f
from tests.portal.test_catalogue import _recognised
from tests.registry.factories import PNG

pytestmark = pytest.mark.django_db

CATALOGUE = reverse("portal:catalogue")


def _names(response) -> list[str]:
    return [cert.product.name for cert in response.context["page"]]


@pytest.mark.parametrize("query", ["ruou do", "RƯỢU ĐỒ", "do ruou", "Ruou  Đo", "hop tac xa do"])
def test_search_ignores_diacritics_case_and_word_order(client, producer, product_set, query):
    producer.name = "Hợp tác xã Đồng Bằng"
    producer.name_folded = fold(producer.name)
    producer.save()
    _recognised(producer, product_set, 1, name="Rượu đồ Yên Thủy")
    _recognised(f.ProducerFactory(commune=producer.commune, province=producer.province),
                product_set, 1, name="Chè shan tuyết")  # fmt: skip
    assert _names(client.get(CATALOGUE, {"q": query})) == ["Rượu đồ Yên Thủy"]


def test_search_finds_a_certificate_code(client, producer, product_set):
    product = _recognised(producer, product_set, 2)[0]
    code = product.certificates.get().code
    assert _names(client.get(CATALOGUE, {"q": code.lower()})) == [product.name]


def test_filters_by_unit_of_either_structure_and_by_year(client, units, producer, product_set):
    ours = _recognised(producer, product_set, 1, name="Rượu men lá")[0]
    theirs = _recognised(
        f.ProducerFactory(commune=units.hanoi_commune, province=units.hanoi),
        product_set, 1, name="Rượu làng Vân",
    )[0]  # fmt: skip
    Certificate.objects.filter(product=theirs).update(issued_on=datetime.date(2025, 3, 1))
    catalogue_refresh(product_ids=[theirs.pk])  # written past the services
    for unit in (units.hoa_binh, units.phu_tho, units.phu_lai):
        assert _names(client.get(CATALOGUE, {"don_vi": unit.key})) == [ours.name]
    assert _names(client.get(CATALOGUE, {"nam": "2025"})) == [theirs.name]
    assert _names(client.get(CATALOGUE, {"don_vi": "new:p:99"})) == []


def test_sort_by_name_and_newest(client, producer, product_set):
    a = _recognised(producer, product_set, 1, name="A Mật ong", stars=3)[0]
    b = _recognised(producer, product_set, 1, name="B Chè", stars=4)[0]
    Certificate.objects.filter(product=a).update(issued_on=datetime.date(2026, 6, 1))
    assert _names(client.get(CATALOGUE)) == [b.name, a.name]
    assert _names(client.get(CATALOGUE, {"sap_xep": "ten"})) == [a.name, b.name]
    assert _names(client.get(CATALOGUE, {"sap_xep": "moi"})) == [a.name, b.name]


def test_expired_and_revoked_products_leave_the_catalogue_at_once(
    client, units, personas, producer, product_set
):
    kept, revoked, expired = _recognised(producer, product_set, 3)
    Certificate.objects.filter(product=expired).update(expires_on=datetime.date(2026, 1, 31))
    catalogue_refresh(product_ids=[expired.pk])  # written past the services
    assert _names(client.get(CATALOGUE, {"sap_xep": "ten"})) == sorted([kept.name, revoked.name])
    certificate_revoke(
        actor=personas.province,
        certificate=revoked.certificates.get(),
        ground="mark_misuse",
        authority="UBND tỉnh",
        decision_no="9/QĐ-UBND",
    )
    assert _names(client.get(CATALOGUE)) == [kept.name]
    page = client.get(reverse("portal:product", kwargs={"code": revoked.public_code})).text
    assert "badge revoked" in page
    producer_page = client.get(reverse("portal:producer", kwargs={"code": producer.public_code}))
    assert _names(producer_page) == [kept.name]


def _count(client, url) -> int:
    with CaptureQueriesContext(connection) as ctx:
        assert client.get(url).status_code == 200
    return len(ctx.captured_queries)


def test_public_pages_cost_the_same_queries_for_2_and_20_products(
    client, units, producer, product_set
):
    def grow(n):
        for product in _recognised(producer, product_set, n):
            photo = ProductPhoto(product=product)
            photo.image.save("a.png", ContentFile(PNG))

    urls = [
        CATALOGUE,
        CATALOGUE + "?q=ruou&don_vi=" + units.phu_tho.key,
        reverse("portal:producer", kwargs={"code": producer.public_code}),
        reverse("portal:unit_products", kwargs={"era": "new", "code": units.phu_tho.code}),
    ]
    grow(2)
    few = [_count(client, url) for url in urls]
    grow(18)
    assert [_count(client, url) for url in urls] == few


def test_catalogue_sets_no_cookie(client, producer, product_set):
    _recognised(producer, product_set, 1)
    response = client.get(CATALOGUE)
    assert "sessionid" not in response.cookies


def test_product_page_shows_where_to_buy_the_verification_link_and_the_fairs_hook(
    client, producer, product_set
):
    product = _recognised(producer, product_set, 1)[0]
    ProductOutlet.objects.create(product=product, kind="shop", name="Quầy chợ Phú Lai",
                                 address="Chợ Phú Lai", position=0)  # fmt: skip
    ProductOutlet.objects.create(product=product, kind="marketplace", name="Sàn cũ đã ẩn",
                                 url="https://cu.example.vn", is_hidden=True)  # fmt: skip
    page = client.get(reverse("portal:product", kwargs={"code": product.public_code})).text
    code = product.certificates.get().code
    assert "Quầy chợ Phú Lai" in page and "Sàn cũ đã ẩn" not in page
    assert reverse("certificates:verify", kwargs={"code": code}) in page
    assert "01/01/2029" in page


def test_contact_shows_only_with_the_producers_consent(client, producer, product_set):
    producer.phone, producer.tax_code, producer.website = "0912 345 678", "5400000999", ""
    producer.save()
    product = _recognised(producer, product_set, 1)[0]
    urls = [
        reverse("portal:product", kwargs={"code": product.public_code}),
        reverse("portal:producer", kwargs={"code": producer.public_code}),
    ]
    for url in urls:
        assert "0912 345 678" not in client.get(url).text
    producer.contact_public = True
    producer.save()
    for url in urls:
        page = client.get(url).text
        assert "0912 345 678" in page and "5400000999" not in page
        assert producer.representative_name not in page


def test_producer_page_lists_only_certified_products(client, producer, product_set):
    shown = _recognised(producer, product_set, 1)[0]
    draft = f.ProductFactory(producer=producer, product_set=product_set, name="Bản nháp bí mật")
    page = client.get(reverse("portal:producer", kwargs={"code": producer.public_code})).text
    assert shown.name in page and draft.name not in page
    lonely = f.ProducerFactory(commune=producer.commune, province=producer.province)
    f.ProductFactory(producer=lonely)
    url = reverse("portal:producer", kwargs={"code": lonely.public_code})
    assert client.get(url).status_code == 404


def test_unit_page_of_a_new_province_includes_its_predecessors(client, units, producer,
                                                                product_set):  # fmt: skip
    product = _recognised(producer, product_set, 1)[0]
    url = reverse("portal:unit_products", kwargs={"era": "new", "code": units.phu_tho.code})
    response = client.get(url)
    assert _names(response) == [product.name]
    assert response.text.count("<h1>") == 1


def test_the_catalogue_never_decodes_a_score_sheet(client, producer, product_set):
    _recognised(producer, product_set, 2)
    with CaptureQueriesContext(connection) as ctx:
        client.get(CATALOGUE)
    listing = [q["sql"] for q in ctx.captured_queries if "criteria_productset" in q["sql"]]
    assert listing and not any('"sheet"' in sql for sql in listing)


def test_a_certificate_of_another_decision_is_a_second_certificate_not_a_second_card(
    client, producer, product_set
):
    product = _recognised(producer, product_set, 1)[0]
    decision = RecognitionDecision.objects.create(number="7/QĐ-UBND", year=2026, level="province")
    Certificate.objects.create(product=product, producer=producer, decision=decision, stars=4,
                               issued_on=datetime.date(2026, 2, 1),
                               expires_on=datetime.date(2029, 2, 1))  # fmt: skip
    assert _names(client.get(CATALOGUE)) == [product.name]
