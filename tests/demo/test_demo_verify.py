import json
from urllib.parse import urlsplit

import pytest
from django.core.management import call_command
from django.urls import reverse

from ocop.certificates.labels import verification_address
from ocop.certificates.models import Certificate, RevocationGround
from ocop.core.models import AuditEvent
from ocop.demo.revocation import PRODUCT, load_revocation
from ocop.demo.verify import load_verify
from ocop.registry.models import ProductStatus


@pytest.fixture
def demo(db):
    call_command("demo-data", "--no-reference", verbosity=0)


def test_the_demo_names_a_genuine_and_an_altered_address_that_the_page_tells_apart(demo, client):
    out: list[str] = []
    load_verify(out)
    lines = out[0].splitlines()
    genuine = lines[1].split(": ", 1)[1]
    bad = lines[2].split(": ", 1)[1]
    for address, status in ((genuine, "valid"), (bad, "not_genuine")):
        parts = urlsplit(address)
        assert client.get(f"{parts.path}?{parts.query}").context["status"] == status


def test_the_demo_has_a_certificate_revoked_through_the_service_shown_everywhere(demo, client):
    revoked = Certificate.objects.select_related("product").get(revoked=True)
    assert revoked.product.name == PRODUCT and revoked.product.status == ProductStatus.REVOKED
    assert revoked.revocation_ground == RevocationGround.MARK_MISUSE
    event = AuditEvent.objects.get(action="certificates.certificate.revoked")
    assert event.actor.username == "demo-province" and event.object_id == str(revoked.pk)
    parts = urlsplit(verification_address(revoked))
    page = client.get(f"{parts.path}?{parts.query}")
    assert page.context["status"] == "revoked"
    listed = client.get(reverse("portal:open_data_certified", kwargs={"fmt": "json"}))
    codes = {
        item["certificate_code"] for item in json.loads(b"".join(listed.streaming_content))["items"]
    }
    assert codes and revoked.code not in codes
    out: list[str] = []
    load_revocation(out)
    assert revoked.code in out[0] and Certificate.objects.filter(revoked=True).count() == 1
