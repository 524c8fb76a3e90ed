"""The expiry boundary: a certificate is valid through its ``expires_on`` day and expired from
the next day. The daily job (``ocop certificates expire``), the read path (``status_on``,
``certificates_valid_in_force``, ``recognised_product_ids``) and the warnings agree on it."""

import datetime
from io import StringIO

import pytest
from django.core.management import call_command

from ocop.certificates.selectors import certificates_valid_in_force, recognised_product_ids
from ocop.certificates.status import CertificateStatus, status_on
from ocop.programme.services.warnings import expiry_warnings_send
from ocop.registry.models import Product
from tests import factories as f
from tests.programme.notify_world import make_certificate

pytestmark = pytest.mark.django_db

EXPIRES = datetime.date(2027, 6, 30)
DAY = datetime.timedelta(days=1)


@pytest.fixture
def cert(units, producer, product_set):
    product = f.ProductFactory(
        producer=producer, product_set=product_set, status="recognised", stars=3
    )
    return make_certificate(product, units.phu_tho, expires_on=EXPIRES)


def expire(day):
    out = StringIO()
    call_command("certificates", "expire", "--on", day.isoformat(), stdout=out)
    return out.getvalue()


@pytest.mark.parametrize(
    ("day", "listed"),
    [(EXPIRES - DAY, True), (EXPIRES, True), (EXPIRES + DAY, False)],
    ids=["day before", "day of expiry", "day after"],
)
def test_the_daily_job_and_the_read_path_agree_on_the_boundary(cert, day, listed):
    status = CertificateStatus.VALID if listed else CertificateStatus.EXPIRED
    assert status_on(cert, day) == status
    assert certificates_valid_in_force(day).filter(pk=cert.pk).exists() is listed
    assert recognised_product_ids(day).filter(product_id=cert.product_id).exists() is listed
    report = expire(day)
    product = Product.objects.get(pk=cert.product_id)
    assert product.status == ("recognised" if listed else "expired")
    assert (product.public_code in report) is not listed


def test_the_last_warning_comes_on_the_last_valid_day_and_none_after(cert, personas):
    assert {row["kind"] for row in expiry_warnings_send(day=EXPIRES)} == {
        "certificate_expires_today"
    }
    assert expiry_warnings_send(day=EXPIRES + DAY) == []
