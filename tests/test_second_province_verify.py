"""A second province against the first, through the verification doors that print: Hà Nội's
officer and producer cannot fetch province A's QR codes or label sheet (404, as for a missing
record), while the public verification of A's certificate stays open to anyone."""

from __future__ import annotations

import pytest
from django.test import Client
from django.urls import reverse

from tests.test_permission_matrix import world  # noqa: F401 - the matrix's world
from tests.test_second_province import province_b  # noqa: F401 - B's officer and producer

pytestmark = pytest.mark.django_db


def test_province_b_cannot_print_province_a_labels_or_qr_codes(world, province_b):  # noqa: F811
    doors = [
        reverse("certificates:qr_svg", args=[world.certificate.code]),
        reverse("certificates:qr_png", args=[world.certificate.code]),
        reverse("certificates:producer_labels", args=[world.producer.public_code]),
    ]
    for user in province_b.values():
        client = Client()
        client.force_login(user)
        for url in doors:
            assert client.get(url).status_code == 404, (user.username, url)
        assert (
            client.get(reverse("certificates:verify", args=[world.certificate.code])).status_code
            == 200
        )
