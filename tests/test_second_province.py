"""A second province against the first, through every door that writes.

Province A is the world of the permission matrix (former Hòa Bình, now Phú Thọ); province B is
Hà Nội, with its own provincial office and its own producer's account. Every write the web
matrix lists (each POST case), every write endpoint of the API, the results import, the
roll-up and the admin are tried by B's users against A's records, and the test asserts what
matters: none of A's records changed, whatever the answer, and no answer is a server error.
"""

from __future__ import annotations

import datetime

import pytest
from django.db import transaction
from django.forms.models import model_to_dict
from django.test import Client
from django.urls import reverse
from rest_framework.test import APIClient

from ocop.accounts.models import AccountRequest, Role, RoleAssignment, User
from ocop.certificates import rollup
from ocop.certificates.models import Certificate, RecognitionDecision
from ocop.evaluation.models import (
    Assignment,
    Council,
    CouncilMember,
    Enrolment,
    Result,
    Round,
    ScoreSheet,
)
from ocop.registry.models import Document, Dossier, Producer, Product, ProductPhoto
from ocop.reports import services as import_services
from ocop.reports.services import ImportRefused
from tests import factories as f
from tests.reports.conftest import RESULT_HEADER
from tests.test_permission_matrix import CASES, world  # noqa: F401 - the matrix's world

pytestmark = pytest.mark.django_db

POST_CASES = [case for case in CASES if case.method == "post"]

# Province A's records, model by model: whatever lies outside Hà Nội.
A_RECORDS = {
    Producer: {"province__code": "01"},
    Product: {"province__code": "01"},
    ProductPhoto: {"product__province__code": "01"},
    Document: {"producer__province__code": "01"},
    Dossier: {"product__province__code": "01"},
    Round: {"unit__code": "01"},
    Council: {"round__unit__code": "01"},
    CouncilMember: {"council__round__unit__code": "01"},
    Enrolment: {"product__province__code": "01"},
    Assignment: {"enrolment__product__province__code": "01"},
    ScoreSheet: {"assignment__enrolment__product__province__code": "01"},
    Result: {"enrolment__product__province__code": "01"},
    RecognitionDecision: {"unit__code": "01"},
    Certificate: {"product__province__code": "01"},
    # accounts: every one but province B's own (whose last login changes as they log in)
    User: {"username__startswith": "b-"},
    RoleAssignment: {"user__username__startswith": "b-"},
    AccountRequest: {"commune__parent__code": "01"},
}


def snapshot_a() -> dict:
    """Every field of every record of province A."""
    state = {}
    for model, outside in A_RECORDS.items():
        for obj in model.objects.exclude(**outside).order_by("pk"):
            values = model_to_dict(obj)
            values.pop("updated_at", None)
            state[(model.__name__, obj.pk)] = values
    return state


@pytest.fixture
def province_b(world):  # noqa: F811 - the fixture imported above
    """Hà Nội's provincial office and the account of Hà Nội's producer."""
    officer = f.UserFactory(username="b-province")
    f.grant(officer, Role.PROVINCE_OFFICE, unit=world.units.hanoi)
    producer = f.UserFactory(username="b-producer")
    f.grant(producer, Role.PRODUCER, producer=world.foreign_producer)
    return {"officer_b": officer, "producer_b": producer}


def _unchanged(before: dict) -> list[str]:
    after = snapshot_a()
    return [
        f"{key[0]} {key[1]}: {before[key]} -> {after.get(key)}"
        for key in before
        if after.get(key) != before[key]
    ]


@pytest.mark.parametrize("case", POST_CASES, ids=[c.label() for c in POST_CASES])
def test_no_web_form_of_province_b_changes_province_a(world, province_b, case):  # noqa: F811
    before = snapshot_a()
    assert before, "the world holds records of province A"
    problems = []
    for persona, user in province_b.items():
        with transaction.atomic():
            client = Client()
            client.force_login(user)
            url = reverse(case.name, kwargs=case.kwargs(world) if case.kwargs else None)
            response = client.post(url, case.data(world) if case.data else {})
            changed = _unchanged(before)
            transaction.set_rollback(True)
        if response.status_code >= 500:
            problems.append(f"{persona} POST {url}: {response.status_code}")
        problems += [f"{persona} POST {url} changed {line}" for line in changed]
    assert not problems, "\n".join(problems)


def _api_writes(w) -> list[tuple[str, str, dict]]:
    hanoi_commune = w.units.hanoi_commune.key
    item = rollup.certificate_item(w.certificate)
    hanoi = {"era": w.units.hanoi.era, "level": w.units.hanoi.level, "code": w.units.hanoi.code}
    item["product"]["province"] = hanoi
    item["producer"]["province"] = hanoi
    item["status"] = "revoked"
    item["revoked_on"] = "2026-12-30"
    return [
        ("patch", f"/api/v1/producers/{w.producer.public_code}/", {"name": "Đổi tên"}),
        ("patch", f"/api/v1/products/{w.product.public_code}/", {"name": "Đổi tên"}),
        ("patch", f"/api/v1/products/{w.recognised_product.public_code}/",
         {"origin_unit": hanoi_commune}),
        ("post", "/api/v1/products/", {"producer": w.producer.public_code, "name": "Mới"}),
        ("post", f"/api/v1/producers/{w.producer.public_code}/relocate/",
         {"unit": hanoi_commune, "reason": "x"}),
        ("post", f"/api/v1/products/{w.product.public_code}/relocate/",
         {"unit": hanoi_commune, "reason": "x"}),
        ("post", "/api/v1/rollup/certificates/", {"certificates": [item]}),
    ]  # fmt: skip


def test_no_api_write_of_province_b_changes_province_a(world, province_b):  # noqa: F811
    before = snapshot_a()
    problems = []
    for persona, user in province_b.items():
        for method, url, data in _api_writes(world):
            with transaction.atomic():
                client = APIClient()
                client.force_authenticate(user)
                response = getattr(client, method)(url, data, format="json")
                changed = _unchanged(before)
                transaction.set_rollback(True)
            if response.status_code < 400 or response.status_code >= 500:
                problems.append(f"{persona} {method} {url}: {response.status_code}")
            problems += [f"{persona} {method} {url} changed {line}" for line in changed]
    assert not problems, "\n".join(problems)


def test_an_import_by_province_b_cannot_touch_province_a(world, province_b):  # noqa: F811
    before = snapshot_a()
    producer = world.producer
    rows = []
    for province, commune in (("Hà Nội", "Ba Đình"), ("Hòa Bình", "Phú Lai")):
        row = dict.fromkeys(RESULT_HEADER, "")
        row.update(province=province, commune=commune, year="2026", round="1",
                   decision_no="9/QĐ-UBND", decision_date="01/06/2026",
                   product_name=world.recognised_product.name, product_group="Đồ uống",
                   producer_name=producer.name, producer_type="Hợp tác xã",
                   producer_tax_code=producer.tax_code, stars="3", score="60")  # fmt: skip
        rows.append(",".join(row[k] for k in RESULT_HEADER))
    data = "\n".join([",".join(RESULT_HEADER), *rows]).encode()
    with pytest.raises(ImportRefused):
        import_services.results_import(actor=province_b["officer_b"], data=data, filename="b.csv")
    assert _unchanged(before) == []


def test_the_admin_is_closed_to_province_b(world, province_b):  # noqa: F811
    before = snapshot_a()
    client = Client()
    client.force_login(province_b["officer_b"])
    url = reverse("admin:registry_producer_change", args=[world.producer.pk])
    response = client.post(url, {"name": "Đổi tên qua trang quản trị"})
    assert response.status_code in (302, 403, 404)
    assert _unchanged(before) == []


def test_the_snapshot_sees_a_change(world):  # noqa: F811
    """The guard above can fail: a change to one of A's records shows in the comparison."""
    before = snapshot_a()
    Product.objects.filter(pk=world.product.pk).update(name="Tên khác")
    Certificate.objects.filter(pk=world.certificate.pk).update(expires_on=datetime.date(2030, 1, 1))
    assert len(_unchanged(before)) == 2
