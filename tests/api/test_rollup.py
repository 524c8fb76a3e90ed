"""National roll-up: the receiving endpoint upserts by certificate code, and ``ocop rollup push``
sends a province's certified list to it."""

import copy
import datetime
from io import StringIO

import pytest
from django.core.management import call_command
from django.core.management.base import CommandError
from rest_framework.authtoken.models import Token
from rest_framework.test import APIClient

from ocop.accounts.models import Role
from ocop.api import rollup
from ocop.api.management.commands.rollup import endpoint_url
from ocop.certificates import rollup as certificate_rollup
from ocop.certificates.models import Certificate, RecognitionDecision
from ocop.core.models import AuditEvent
from ocop.registry.models import Producer, Product
from tests import factories as f
from tests.api.conftest import add_certificate, add_decision, token_for

URL = "/api/v1/rollup/certificates/"


@pytest.fixture
def province_list(units, product_set):
    """A province deployment's certified list: two Hòa Bình certificates and one in Hà Nội."""
    hb = f.ProducerFactory(commune=units.phu_lai, province=units.hoa_binh)
    hn = f.ProducerFactory(commune=units.hanoi_commune, province=units.hanoi)
    decision = add_decision(units.hoa_binh)
    certs = [
        add_certificate(f.ProductFactory(producer=hb, product_set=product_set), decision),
        add_certificate(f.ProductFactory(producer=hb), decision, stars=4),
        add_certificate(f.ProductFactory(producer=hn), add_decision(units.hanoi, "9/QĐ"), stars=5),
    ]
    return certs


def _items(certificates):
    today = datetime.date(2025, 1, 1)
    return [certificate_rollup.certificate_item(c, today=today) for c in certificates]


def _wipe_registry():
    """Forget the sending side's records, as if the items arrived at another deployment."""
    Certificate.objects.all().delete()
    RecognitionDecision.objects.all().delete()
    Product.objects.all().delete()
    Producer.objects.all().delete()


@pytest.fixture
def national(units):
    user = f.UserFactory(username="national-office")
    f.grant(user, Role.CENTRAL_OFFICE)
    client = APIClient()
    client.credentials(HTTP_AUTHORIZATION=f"Token {token_for(user)}")
    return client


def test_receiving_creates_the_certified_list_with_its_producers_products_and_decisions(
    province_list, national
):
    items = _items(province_list)
    _wipe_registry()
    response = national.post(URL, {"certificates": items}, format="json")
    assert response.status_code == 200, response.content
    assert response.json() == {"created": 3, "updated": 0, "unchanged": 0}
    assert Producer.objects.count() == 2
    assert RecognitionDecision.objects.count() == 2
    received = Certificate.objects.select_related("product__province").get(code=items[1]["code"])
    assert received.stars == 4
    assert received.product.public_code == items[1]["product"]["code"]
    assert received.product.province.code == "17"
    assert received.product.status == "recognised"
    assert received.product.stars == 4


def test_receiving_the_same_list_twice_changes_nothing(province_list, national):
    items = _items(province_list)
    _wipe_registry()
    national.post(URL, {"certificates": items}, format="json")
    events = AuditEvent.objects.count()
    response = national.post(URL, {"certificates": items}, format="json")
    assert response.json() == {"created": 0, "updated": 0, "unchanged": 3}
    assert Certificate.objects.count() == 3
    assert Product.objects.count() == 3
    assert AuditEvent.objects.count() == events


def test_a_revocation_pushed_later_updates_the_certificate_and_its_product(province_list, national):
    items = _items(province_list)
    _wipe_registry()
    national.post(URL, {"certificates": items}, format="json")
    revoked = copy.deepcopy(items)
    revoked[0].update(status="revoked", revoked_on="2025-02-01", revocation_ground="mark_misuse")
    response = national.post(URL, {"certificates": revoked}, format="json")
    assert response.json() == {"created": 0, "updated": 1, "unchanged": 2}
    certificate = Certificate.objects.get(code=items[0]["code"])
    assert certificate.status_on(datetime.date(2025, 3, 1)) == "revoked"
    assert certificate.revocation_ground == "mark_misuse"
    assert certificate.product.status == "revoked"


def test_an_unknown_unit_refuses_the_whole_batch(province_list, national):
    items = _items(province_list)
    _wipe_registry()
    items[2]["product"]["province"]["code"] = "99"
    response = national.post(URL, {"certificates": items}, format="json")
    assert response.status_code == 400
    assert "certificates[2].product.province" in response.json()
    assert Certificate.objects.count() == 0
    assert Producer.objects.count() == 0


def test_invalid_items_are_refused_naming_the_field(national, units):
    item = {"code": "X", "stars": 6}
    response = national.post(URL, {"certificates": [item]}, format="json")
    assert response.status_code == 400
    assert "stars" in response.json()["certificates"]["0"]


@pytest.mark.parametrize(
    ("role", "expected"),
    [(Role.PROVINCE_OFFICE, 400), (Role.COMMUNE_OFFICER, 403), (Role.PRODUCER, 403), (None, 401)],
)
def test_only_users_who_may_import_can_push(units, producer, role, expected):
    client = APIClient()
    if role is not None:
        user = f.UserFactory(username=f"u-{role}")
        f.grant(user, role, unit=None if role == Role.PRODUCER else units.phu_tho)
        if role == Role.PRODUCER:
            user.roles.update(producer=producer)
        client.credentials(HTTP_AUTHORIZATION=f"Token {token_for(user)}")
    response = client.post(URL, {"certificates": []}, format="json")
    assert response.status_code == expected  # 400: allowed in, but an empty batch is refused


def test_push_command_sends_the_province_list_in_batches(province_list, national, monkeypatch):
    sent: list[list[dict]] = []

    def capture(url, token, batch, **kwargs):
        sent.append(batch)
        return {"created": len(batch), "updated": 0, "unchanged": 0}

    monkeypatch.setattr(rollup, "post_batch", capture)
    call_command(
        "rollup", "push", "--to", "https://national.example", "--token", "t", "--province", "17",
        "--batch-size", "1",
    )  # fmt: skip
    assert [len(batch) for batch in sent] == [1, 1]
    codes = {batch[0]["code"] for batch in sent}
    assert codes == {province_list[0].code, province_list[1].code}

    _wipe_registry()
    for batch in sent:
        assert national.post(URL, {"certificates": batch}, format="json").status_code == 200
    assert set(Certificate.objects.values_list("code", flat=True)) == codes


def test_a_2025_province_code_also_pushes_its_former_provinces(province_list, monkeypatch):
    sent = []
    monkeypatch.setattr(rollup, "post_batch", lambda u, t, batch, **k: sent.extend(batch) or {})
    call_command("rollup", "push", "--to", "https://n.example", "--token", "t", "--province", "25")
    assert len(sent) == 2


def test_endpoint_address_is_completed_from_the_base_address():
    assert endpoint_url("https://ocop.example.gov.vn") == "https://ocop.example.gov.vn" + URL
    assert endpoint_url("https://ocop.example.gov.vn" + URL) == "https://ocop.example.gov.vn" + URL


@pytest.mark.django_db(transaction=True)
def test_push_over_http_to_a_live_national_deployment_is_idempotent(live_server, units):
    producer = f.ProducerFactory(commune=units.phu_lai, province=units.hoa_binh)
    add_certificate(f.ProductFactory(producer=producer), add_decision(units.hoa_binh))
    user = f.UserFactory(username="national-office")
    f.grant(user, Role.CENTRAL_OFFICE)
    token = Token.objects.create(user=user).key
    outputs = []
    for _ in range(2):
        out = StringIO()
        call_command("rollup", "push", "--to", live_server.url, "--token", token, stdout=out)
        outputs.append(out.getvalue().strip())
    # One database plays both sides here: the national side already holds every certificate.
    assert outputs == ["sent 1: created 0, updated 0, unchanged 1"] * 2


@pytest.mark.django_db(transaction=True)
def test_push_with_a_bad_token_stops_with_the_national_answer(live_server, units):
    producer = f.ProducerFactory(commune=units.phu_lai, province=units.hoa_binh)
    add_certificate(f.ProductFactory(producer=producer), add_decision(units.hoa_binh))
    with pytest.raises(CommandError, match="401"):
        call_command("rollup", "push", "--to", live_server.url, "--token", "wrong")


def test_a_provincial_office_pushes_only_its_own_province(province_list, units):
    items = _items(province_list)
    _wipe_registry()
    officer = f.UserFactory(username="phu-tho-office")
    f.grant(officer, Role.PROVINCE_OFFICE, unit=units.phu_tho)
    client = APIClient()
    client.credentials(HTTP_AUTHORIZATION=f"Token {token_for(officer)}")
    # Phú Thọ (2025) covers former Hòa Bình, not Hà Nội
    assert client.post(URL, {"certificates": items[:2]}, format="json").status_code == 200
    response = client.post(URL, {"certificates": items}, format="json")
    assert response.status_code == 403
    assert Certificate.objects.count() == 2


def test_dry_run_counts_and_sends_nothing(province_list, monkeypatch):
    def refuse(*args, **kwargs):
        raise AssertionError("a dry run must not send")

    monkeypatch.setattr(rollup, "post_batch", refuse)
    out = StringIO()
    call_command(
        "rollup", "push", "--to", "https://n.example", "--token", "t", "--dry-run", stdout=out
    )
    assert out.getvalue().startswith("3 certificates would be sent to https://n.example/api/v1/")
