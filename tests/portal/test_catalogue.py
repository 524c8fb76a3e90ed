import datetime

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse

from ocop.certificates.models import Certificate, RecognitionDecision
from tests import factories as f

pytestmark = pytest.mark.django_db


def _recognised(producer, product_set, n, *, with_certificate=True, **extra):
    """Recognised products; with a valid certificate each, since the catalogue lists what the
    certificates say is recognised today."""
    extra.setdefault("stars", 3)
    products = [
        f.ProductFactory(producer=producer, product_set=product_set, status="recognised", **extra)
        for _ in range(n)
    ]
    if with_certificate:
        decision, _ = RecognitionDecision.objects.get_or_create(
            number="1/QĐ-CATALOGUE", year=2026, unit=None, defaults={"level": "province"}
        )
        for product in products:
            Certificate.objects.create(
                product=product,
                producer=producer,
                decision=decision,
                stars=product.stars,
                issued_on=datetime.date(2026, 1, 1),
                expires_on=datetime.date(2029, 1, 1),
            )
    return products


def _count(client, url, params=None):
    with CaptureQueriesContext(connection) as ctx:
        assert client.get(url, params or {}).status_code == 200
    return len(ctx.captured_queries)


def test_catalogue_costs_the_same_queries_for_3_and_30_products(client, producer, product_set):
    url = reverse("portal:catalogue")
    _recognised(producer, product_set, 3)
    few = _count(client, url)
    _recognised(producer, product_set, 27)
    assert _count(client, url) == few


def test_new_province_lists_products_recorded_under_the_old_one(
    client, units, producer, foreign_producer, product_set
):
    ours = _recognised(producer, product_set, 1, name="Rượu men lá Hòa Bình")[0]
    theirs = _recognised(foreign_producer, product_set, 1, name="Rượu làng Vân")[0]
    page = client.get(reverse("portal:catalogue"), {"don_vi": units.phu_tho.key}).text
    assert ours.name in page and theirs.name not in page


def test_catalogue_filters_by_stars_and_product_set(client, producer, product_set):
    three = _recognised(producer, product_set, 1, name="Rượu ba sao")[0]
    four = _recognised(producer, product_set, 1, stars=4, name="Rượu bốn sao")[0]
    other = _recognised(
        producer,
        f.ProductSetFactory(number=15, slug="che"),
        1,
        stars=4,
        name="Chè shan tuyết",
    )[0]
    page = client.get(reverse("portal:catalogue"), {"sao": "4", "bo": "14"}).text
    assert four.name in page and three.name not in page and other.name not in page


def test_public_product_page_shows_no_private_data(client, producer, product_set):
    producer.tax_code = "0100233488"
    producer.phone = "0912345678"
    producer.representative_name = "Đinh Thị Nhàn"
    producer.save()
    product = _recognised(producer, product_set, 1)[0]
    page = client.get(reverse("portal:product", kwargs={"code": product.public_code})).text
    for secret in ("0100233488", "0912345678", "Đinh Thị Nhàn"):
        assert secret not in page


def test_public_product_page_shows_the_certificate_status(client, producer, product_set):
    product = _recognised(producer, product_set, 1, with_certificate=False)[0]
    decision = RecognitionDecision.objects.create(number="12/QĐ-UBND", year=2021, level="province")
    certificate = Certificate.objects.create(
        product=product,
        producer=producer,
        decision=decision,
        stars=3,
        issued_on=datetime.date(2021, 12, 1),
        expires_on=datetime.date(2024, 12, 1),
    )
    page = client.get(reverse("portal:product", kwargs={"code": product.public_code})).text
    assert certificate.code in page and "badge expired" in page


def test_dashboard_tiles_follow_capabilities(client, personas):
    client.force_login(personas.commune)
    page = client.get(reverse("portal:dashboard")).text
    assert reverse("registry:producer_create") in page and "trang_thai=submitted" in page
    client.force_login(personas.council)
    page = client.get(reverse("portal:dashboard")).text
    assert reverse("registry:producer_create") not in page
    client.force_login(personas.producer)
    page = client.get(reverse("portal:dashboard")).text
    assert (
        reverse(
            "registry:producer_detail",
            kwargs={"code": personas.producer.roles.get().producer.public_code},
        )
        in page
    )


@pytest.mark.django_db
def test_an_overlong_search_gets_a_message_not_an_error(client):
    words = " ".join(f"tu{n}" for n in range(1000))
    response = client.get(reverse("portal:catalogue"), {"q": words})
    assert response.status_code == 200
    assert "tối đa 200 ký tự" in response.text
    response = client.get(reverse("portal:catalogue"), {"q": "a b c d e f g h i"})
    assert "tối đa 8 từ" in response.text and not response.context["page"].object_list


def test_dashboard_lists_what_waits_with_counts_and_links(client, units, personas):
    from ocop.registry.models import DossierStatus
    from tests.evaluation import factories as ef

    ef.build_round(units, personas)
    for status in (DossierStatus.SUBMITTED, DossierStatus.FORWARDED, DossierStatus.FORWARDED):
        producer = f.ProducerFactory(commune=units.phu_lai, province=units.hoa_binh)
        ef.dossier_for(f.ProductFactory(producer=producer, product_set=ef.set14()), status=status)
    client.force_login(personas.commune)
    page = client.get(reverse("portal:dashboard")).text
    assert '<b class="count">1</b>' in page and "trang_thai=submitted" in page
    client.force_login(personas.province)
    page = client.get(reverse("portal:dashboard")).text
    assert '<b class="count">2</b>' in page and "trang_thai=cho-dot" in page
    assert reverse("certificates:decision_create") in page
    assert reverse("evaluation:results_queue") in page


@pytest.mark.parametrize("rows", [2, 12])
def test_dashboard_queues_cost_constant_queries(
    client, units, personas, rows, django_assert_max_num_queries
):
    from ocop.registry.models import DossierStatus
    from tests.evaluation import factories as ef

    ef.build_round(units, personas)
    for i in range(rows):
        producer = f.ProducerFactory(commune=units.phu_lai, province=units.hoa_binh)
        status = DossierStatus.SUBMITTED if i % 2 else DossierStatus.FORWARDED
        ef.dossier_for(f.ProductFactory(producer=producer, product_set=ef.set14()), status=status)
    client.force_login(personas.province)
    with django_assert_max_num_queries(20):
        assert client.get(reverse("portal:dashboard")).status_code == 200
