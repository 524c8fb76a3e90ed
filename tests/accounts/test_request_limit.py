"""The public "ask for an account" form takes a limited number of requests per client address
an hour, counted in the shared database cache; more are refused with a translated message."""

import pytest
from django.test import Client
from django.urls import reverse

from ocop.accounts.models import AccountRequest

pytestmark = pytest.mark.django_db


def _ask(client, units, n):
    return client.post(
        reverse("accounts:request_new"),
        {
            "full_name": "Phạm Thị C",
            "producer_name": f"HTX Chè số {n}",
            "tax_code": "",
            "commune": units.new_commune.pk,
            "phone": "0912345678",
            "email": f"c{n}@example.vn",
        },
        REMOTE_ADDR="203.0.113.7",
    )


def test_requests_beyond_the_limit_from_one_address_are_refused(settings, units):
    settings.ACCOUNT_REQUEST_LIMIT = 3
    client = Client(HTTP_ACCEPT_LANGUAGE="vi")
    assert [_ask(client, units, n).status_code for n in range(3)] == [302, 302, 302]
    refused = _ask(client, units, 3)
    assert refused.status_code == 429
    assert "Quá nhiều đề nghị cấp tài khoản" in refused.content.decode()
    assert AccountRequest.objects.count() == 3
    # another address is still served
    other = Client().post(reverse("accounts:request_new"), REMOTE_ADDR="198.51.100.1")
    assert other.status_code == 200  # the empty form answered with its errors


def test_a_forged_forwarded_header_does_not_make_a_new_client(settings, units):
    settings.ACCOUNT_REQUEST_LIMIT = 1
    client = Client()
    assert _ask(client, units, 0).status_code == 302
    client.defaults["HTTP_X_FORWARDED_FOR"] = "192.0.2.99"
    assert _ask(client, units, 1).status_code == 429
