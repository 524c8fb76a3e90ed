"""The decision form offers what is in force; the certificate list searches and shows the
re-evaluation queue."""

import datetime

from django.urls import reverse

from ocop.certificates import selectors
from tests.certificates.test_services import finalised, issue

D = datetime.date


def test_decision_form_offers_only_units_in_force_on_the_date_and_in_scope(
    client, ev, units, spirit
):
    client.force_login(ev.manager)
    url = reverse("certificates:decision_create")
    page = client.get(url, {"date": "2026-11-20"}).text
    assert units.phu_tho.full_name in page
    assert units.hoa_binh.full_name not in page and units.yen_thuy.full_name not in page
    assert units.hanoi.full_name not in page
    assert 'value="district"' not in page and 'value="province" selected' in page
    before = client.get(url, {"date": "2024-11-20"}).text
    assert units.hoa_binh.full_name in before and 'value="district"' in before


def test_issuing_needs_the_confirmation_box(client, ev, units, spirit):
    result = finalised(ev, spirit, [80, 80, 80])
    client.force_login(ev.manager)
    data = {
        "results": [result.pk],
        "number": "45/QĐ-UBND",
        "date": "2026-12-20",
        "signer": "Nguyễn Văn B",
        "level": "province",
        "unit": units.phu_tho.pk,
    }
    url = reverse("certificates:decision_create")
    assert client.post(url, data).status_code == 200
    assert not spirit.certificates.exists()
    assert client.post(url, {**data, "confirm": "1"}).status_code == 302
    assert spirit.certificates.count() == 1


def test_certificate_list_searches_code_product_and_producer(client, ev, units, spirit):
    cert = issue(ev, units, [finalised(ev, spirit, [80, 80, 80])]).certificates.get()
    client.force_login(ev.manager)
    url = reverse("certificates:certificates")
    assert cert.code in client.get(url, {"q": "muong dinh"}).text
    assert cert.code in client.get(url, {"q": cert.code.lower()}).text
    assert cert.code in client.get(url, {"q": spirit.producer.name}).text
    assert cert.code not in client.get(url, {"q": "mật ong"}).text


def test_reevaluation_queue_lists_certificates_whose_window_is_open(ev, units, spirit):
    cert = issue(ev, units, [finalised(ev, spirit, [80, 80, 80])]).certificates.get()
    opens = cert.expires_on - datetime.timedelta(days=180)
    closes = cert.expires_on - datetime.timedelta(days=120)
    for day, listed in [
        (opens - datetime.timedelta(days=1), False),
        (opens, True),
        (closes, True),
        (closes + datetime.timedelta(days=1), False),
    ]:
        found = selectors.certificates_in_reevaluation_window(ev.manager, day)
        assert found.filter(pk=cert.pk).exists() is listed, day
