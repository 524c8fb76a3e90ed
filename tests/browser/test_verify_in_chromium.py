"""The verification page in headless Chromium: a buyer opens the address in a label's QR code
(valid, expired, revoked, altered) and reads the big status word, or types the code printed on
the label into the box of the home page."""

import base64
import datetime
from urllib.parse import urlsplit

import pytest
from cryptography.hazmat.primitives.asymmetric.ed25519 import Ed25519PrivateKey

from ocop.certificates import signing
from ocop.certificates.labels import verification_address
from ocop.demo.verify import altered
from tests import factories as f
from tests.api.conftest import add_certificate, add_decision

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]


@pytest.fixture
def labels(monkeypatch, units, producer, product_set):
    """Three sealed certificates: valid, expired and revoked."""
    monkeypatch.setenv(
        signing.ENV, base64.b64encode(Ed25519PrivateKey.generate().private_bytes_raw()).decode()
    )
    decision = add_decision(units.hoa_binh, "9/QĐ-UBND", year=2020)
    made = {}
    for name, issued in (
        ("valid", datetime.date(2025, 3, 1)),
        ("expired", datetime.date(2020, 3, 1)),
        ("revoked", datetime.date(2025, 3, 1)),
    ):
        product = f.ProductFactory(producer=producer, product_set=product_set, name=f"Chè {name}")
        certificate = add_certificate(product, decision, stars=4, issued_on=issued)
        signing.seal(certificate)
        made[name] = certificate
    made["revoked"].revoked = True
    made["revoked"].revoked_on = datetime.date(2025, 6, 1)
    made["revoked"].save(update_fields=["revoked", "revoked_on"])
    return made


def _relative(address: str) -> str:
    parts = urlsplit(address)
    return f"{parts.path}?{parts.query}"


WORDS = {
    "valid": "CÒN HIỆU LỰC",
    "expired": "HẾT HIỆU LỰC",
    "revoked": "ĐÃ THU HỒI",
    "not_genuine": "KHÔNG XÁC THỰC",
}


def test_a_buyer_reads_the_status_word_of_each_label(watched, labels):
    w = watched()
    w.page.set_viewport_size({"width": 390, "height": 844})  # a phone
    for status, certificate in labels.items():
        w.page.goto(_relative(verification_address(certificate)))
        verdict = w.page.locator(".verdict")
        assert verdict.get_attribute("data-status") == status
        assert verdict.inner_text().strip() == WORDS[status]
    w.page.goto(_relative(altered(verification_address(labels["valid"]))))
    verdict = w.page.locator(".verdict")
    assert verdict.get_attribute("data-status") == "not_genuine"
    assert verdict.inner_text().strip() == WORDS["not_genuine"]
    assert "★★★★" not in w.page.locator("main").inner_text()
    assert not w.problems, "\n".join(w.problems)


def test_a_buyer_types_the_code_into_the_home_page_box(watched, labels):
    w = watched()
    w.page.goto("/")
    code = labels["valid"].code
    w.page.get_by_label("Kiểm tra tem OCOP: nhập mã giấy chứng nhận").fill(f"  {code.lower()} ")
    w.page.get_by_role("button", name="Kiểm tra").click()
    w.page.wait_for_url(f"**/v/{code}")
    assert w.page.locator(".verdict").inner_text().strip() == WORDS["valid"]
    assert not w.problems, "\n".join(w.problems)
