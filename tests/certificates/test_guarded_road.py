"""One guarded road for the certificate record: each way in which an officer of another
province, or a producer, could rewrite a certificate is refused and changes nothing; the
import, the roll-up and the services agree on status for the same history."""

from __future__ import annotations

import copy
import datetime

import pytest
from rest_framework.test import APIClient

from ocop.accounts.models import Role
from ocop.certificates import rollup, services, signing
from ocop.certificates.models import Certificate, RecognitionDecision, RevocationGround
from ocop.certificates.public import public_record
from ocop.core.models import AuditEvent
from ocop.registry import services as registry_services
from ocop.registry.models import Producer, Product
from ocop.registry.validators import tax_check_digit
from ocop.reports import services as import_services
from ocop.reports.services import ImportRefused
from tests import factories as f
from tests.api.conftest import add_certificate, add_decision, token_for
from tests.reports.conftest import RESULT_HEADER

ROLLUP = "/api/v1/rollup/certificates/"


def valid_tax_code(body: str) -> str:
    return body + str(tax_check_digit(body))


@pytest.fixture
def province_a(units, product_set):
    """Province A (former Hòa Bình, now Phú Thọ): a producer with a signed 4-star certificate."""
    producer = f.ProducerFactory(
        commune=units.phu_lai, province=units.hoa_binh, tax_code=valid_tax_code("540000001")
    )
    product = f.ProductFactory(producer=producer, product_set=product_set, name="Rượu đồ Thử")
    decision = add_decision(units.hoa_binh, "77/QĐ-UBND", year=2025)
    certificate = add_certificate(product, decision, stars=4, issued_on=datetime.date(2025, 3, 1))
    signing.seal(certificate)
    return certificate


@pytest.fixture
def officer_b(units):
    """An officer of province B (Hà Nội) with the right to import and push."""
    user = f.UserFactory(username="ha-noi-office")
    f.grant(user, Role.PROVINCE_OFFICE, unit=units.hanoi)
    return user


def _client(user) -> APIClient:
    client = APIClient()
    client.credentials(HTTP_AUTHORIZATION=f"Token {token_for(user)}")
    return client


def _state(certificate: Certificate) -> tuple:
    certificate = Certificate.objects.select_related("product", "producer", "decision").get(
        pk=certificate.pk
    )
    product, producer, decision = certificate.product, certificate.producer, certificate.decision
    return (
        certificate.revoked,
        certificate.superseded,
        certificate.stars,
        product.name,
        product.province_id,
        product.origin_unit_id,
        product.status,
        product.stars,
        producer.name,
        producer.province_id,
        decision.decided_on,
        decision.level,
        Certificate.objects.count(),
        Product.objects.count(),
        Producer.objects.count(),
    )


# --- 1. roll-up push over another province ---------------------------------------------------


def test_a_roll_up_push_cannot_take_over_another_provinces_certificate(
    province_a, officer_b, units
):
    before = _state(province_a)
    item = rollup.certificate_item(province_a)
    hanoi = {"era": units.hanoi.era, "level": units.hanoi.level, "code": units.hanoi.code}
    item["product"].update(province=hanoi, origin_unit=None, name="Đã đổi tên")
    item["producer"].update(province=hanoi, commune=None, name="Chủ thể khác")
    item.update(status="revoked", revoked_on="2025-06-01", revocation_ground="mark_misuse")
    response = _client(officer_b).post(ROLLUP, {"certificates": [item]}, format="json")
    assert response.status_code == 403, response.content
    assert "ngoài địa bàn bạn phụ trách" in response.json()["detail"]
    assert _state(province_a) == before


def test_a_roll_up_push_cannot_rewrite_another_provinces_decision(province_a, officer_b, units):
    before = _state(province_a)
    item = rollup.certificate_item(province_a)
    item["code"] = "OCOP-NEW-CODE"
    item["product"]["code"] = "NEWPRODUCT1"
    item["producer"]["code"] = "NEWPRODUCER1"
    hanoi = {"era": units.hanoi.era, "level": units.hanoi.level, "code": units.hanoi.code}
    item["product"].update(province=hanoi, origin_unit=None)
    item["producer"].update(province=hanoi, commune=None, tax_code="")
    item["decision"].update(decided_on="2000-01-01", level="central")
    response = _client(officer_b).post(ROLLUP, {"certificates": [item]}, format="json")
    assert response.status_code == 403, response.content
    assert _state(province_a) == before
    assert RecognitionDecision.objects.count() == 1


def test_a_central_decision_recorded_before_is_not_changed_from_a_province(
    province_a, officer_b, units
):
    central = RecognitionDecision.objects.create(
        number="5/QĐ-BNN", year=2025, decided_on=datetime.date(2025, 5, 5), level="central"
    )
    item = rollup.certificate_item(province_a)
    hanoi = {"era": units.hanoi.era, "level": units.hanoi.level, "code": units.hanoi.code}
    item.update(code="OCOP-B-1", stars=5)
    item["product"].update(code="BPRODUCT1", province=hanoi, origin_unit=None)
    item["producer"].update(code="BPRODUCER1", province=hanoi, commune=None, tax_code="")
    item["decision"] = {"number": "5/QĐ-BNN", "year": 2025, "decided_on": "2000-01-01",
                        "level": "central", "unit": None}  # fmt: skip
    response = _client(officer_b).post(ROLLUP, {"certificates": [item]}, format="json")
    assert response.status_code == 403, response.content
    central.refresh_from_db()
    assert central.decided_on == datetime.date(2025, 5, 5)


@pytest.mark.parametrize(
    "change",
    [
        {"stars": 5},
        {"status": "revoked", "revoked_on": "2026-01-01", "revocation_ground": "other_authority"},
    ],
    ids=["stars", "revocation"],
)
def test_a_roll_up_cannot_change_a_certificate_issued_and_signed_here(province_a, units, change):
    national = f.UserFactory(username="national")
    f.grant(national, Role.CENTRAL_OFFICE)
    item = rollup.certificate_item(province_a)
    item.update(change)
    response = _client(national).post(ROLLUP, {"certificates": [item]}, format="json")
    assert response.status_code == 400, response.content
    province_a.refresh_from_db()
    assert (province_a.stars, province_a.revoked) == (4, False)
    assert signing.state(province_a) == "verified"


# --- 2. results import onto another province's product -----------------------------------------


def test_an_import_cannot_attach_a_certificate_to_another_provinces_product(province_a, officer_b):
    before = _state(province_a)
    producer = province_a.producer
    row = dict.fromkeys(RESULT_HEADER, "")
    row.update(province="Hà Nội", commune="Ba Đình", year="2026", round="1",
               decision_no="9/QĐ-UBND", decision_date="01/06/2026",
               product_name=province_a.product.name, product_group="Đồ uống",
               producer_name=producer.name, producer_type="Hợp tác xã",
               producer_tax_code=producer.tax_code, stars="3", score="60")  # fmt: skip
    data = (",".join(RESULT_HEADER) + "\n" + ",".join(row[k] for k in RESULT_HEADER)).encode()
    with pytest.raises(ImportRefused) as refused:
        import_services.results_import(actor=officer_b, data=data, filename="b.csv")
    [problem] = refused.value.errors
    assert problem["row"] == 2 and problem["column"] == "producer_tax_code"
    assert "another province" in problem["message"]
    assert _state(province_a) == before
    assert province_a.status_on(datetime.date(2026, 11, 30)) == "valid"
    # the clash is on province A's producer record too, for its officers to see
    clash = AuditEvent.objects.get(action="registry.producer.tax_code_clash")
    assert clash.object_id == str(producer.pk)


# --- 3. what is shown is what is signed ----------------------------------------------------------


def test_a_rename_after_issue_changes_the_product_not_the_certificate(province_a, units, client):
    product = province_a.product
    officer = f.UserFactory(username="phu-tho-office")
    f.grant(officer, Role.PROVINCE_OFFICE, unit=units.phu_tho)
    registry_services.product_update(
        actor=officer, product=product, fields={"name": "Rượu khác hẳn"}
    )
    record = public_record(Certificate.objects.get(pk=province_a.pk), datetime.date(2026, 1, 1))
    assert record["product"] == "Rượu đồ Thử"
    assert record["signature"] == "verified"
    assert record["status"] == "valid"
    page = client.get(f"/v/{province_a.code}").content.decode()
    assert "Rượu đồ Thử" in page and "Rượu khác hẳn" not in page


def test_a_certificate_altered_in_the_database_is_not_genuine_anywhere(province_a, client):
    Certificate.objects.filter(pk=province_a.pk).update(stars=5)
    page = client.get(f"/v/{province_a.code}")
    text = page.content.decode()
    assert "Not genuine" in text or "Không đúng" in text or "không xác thực" in text.lower()
    assert 'class="badge valid"' not in text
    assert client.get(f"/v/{province_a.code}.json").json()["status"] == "not_genuine"
    api = APIClient().get(f"/api/v1/certificates/{province_a.code}/").json()
    assert api["status"] == "not_genuine"


# --- 6. the public API shows public facts, never the score -------------------------------------


def test_the_anonymous_api_does_not_give_the_councils_score(province_a):
    anonymous = APIClient()
    detail = anonymous.get(f"/api/v1/certificates/{province_a.code}/").json()
    assert "score" not in detail
    assert detail["product_name"] == "Rượu đồ Thử"
    listing = anonymous.get("/api/v1/certificates/").json()
    rows = listing["results"] if isinstance(listing, dict) else listing
    assert rows and all("score" not in row for row in rows)


# --- one status for the same history, whatever the road ----------------------------------------


def _result_rows(producer_tax: str, *rows: tuple[str, str, str, str]) -> bytes:
    lines = [",".join(RESULT_HEADER)]
    for year, decision_no, decided, stars in rows:
        row = dict.fromkeys(RESULT_HEADER, "")
        row.update(province="Hòa Bình", district="Yên Thủy", commune="Phú Lai", year=year,
                   round="1", decision_no=decision_no, decision_date=decided,
                   product_name="Mật ong Thử", product_group="Mật ong",
                   producer_name="HTX Ong Thử", producer_type="Hợp tác xã",
                   producer_tax_code=producer_tax, stars=stars, score="70")  # fmt: skip
        lines.append(",".join(row[k] for k in RESULT_HEADER))
    return "\n".join(lines).encode()


def _history() -> tuple:
    product = Product.objects.get(name="Mật ong Thử")
    certs = list(product.certificates.order_by("issued_on"))
    today = datetime.date(2026, 11, 30)
    return (
        product.status,
        product.stars,
        [(c.stars, c.issued_on, c.status_on(today), c.superseded_on) for c in certs],
    )


@pytest.mark.parametrize("revoke_latest", [False, True])
def test_import_roll_up_and_services_agree_on_status_for_the_same_history(
    units, product_set, revoke_latest
):
    officer = f.UserFactory(username="phu-tho-office")
    f.grant(officer, Role.PROVINCE_OFFICE, unit=units.phu_tho)
    tax = valid_tax_code("540000777")
    newer = _result_rows(tax, ("2024", "20/QĐ-UBND", "01/03/2024", "4"))
    older = _result_rows(tax, ("2021", "10/QĐ-UBND", "01/03/2021", "3"))
    # the newer list first, then (perhaps) a revocation through the service, then the older
    import_services.results_import(actor=officer, data=newer, filename="newer.csv")
    if revoke_latest:
        services.certificate_revoke(
            actor=officer,
            certificate=Certificate.objects.get(),
            ground=RevocationGround.MARK_MISUSE,
            authority="UBND tỉnh Phú Thọ",
            decision_no="1/QĐ-THU-HOI",
            revoked_on=datetime.date(2025, 6, 1),
        )
    import_services.results_import(actor=officer, data=older, filename="older.csv")
    by_import = _history()
    assert by_import[0] == ("revoked" if revoke_latest else "recognised")
    assert by_import[1] == 4
    assert by_import[2][0][2] == "superseded"
    assert by_import[2][0][3] == datetime.date(2024, 3, 1)

    # the same history arriving at a national deployment, newest first
    items = [
        rollup.certificate_item(c, today=datetime.date(2026, 11, 30))
        for c in Certificate.objects.order_by("-issued_on")
    ]
    Certificate.objects.update(previous=None)
    Certificate.objects.all().delete()
    RecognitionDecision.objects.all().delete()
    Product.objects.all().delete()
    Producer.objects.all().delete()
    national = f.UserFactory(username="national")
    f.grant(national, Role.CENTRAL_OFFICE)
    for item in items:  # one batch per list, newer first
        response = _client(national).post(ROLLUP, {"certificates": [item]}, format="json")
        assert response.status_code == 200, response.content
    assert _history() == by_import


def test_a_pushed_item_can_be_pushed_again_unchanged(province_a, units):
    """The province's own office pushes its own certificate (recorded, not signed, at the
    national side): the second push changes nothing."""
    item = rollup.certificate_item(province_a)
    items = [copy.deepcopy(item)]
    Certificate.objects.filter(pk=province_a.pk).update(signature="")
    officer = f.UserFactory(username="phu-tho-office")
    f.grant(officer, Role.PROVINCE_OFFICE, unit=units.phu_tho)
    first = _client(officer).post(ROLLUP, {"certificates": items}, format="json")
    second = _client(officer).post(ROLLUP, {"certificates": items}, format="json")
    assert first.status_code == second.status_code == 200
    assert second.json() == {"created": 0, "updated": 0, "unchanged": 1}


def test_the_certificate_pdf_prints_the_frozen_name(province_a, units):
    from pypdf import PdfReader

    from ocop.certificates.pdf import certificate_document, to_bytes

    officer = f.UserFactory(username="phu-tho-office")
    f.grant(officer, Role.PROVINCE_OFFICE, unit=units.phu_tho)
    registry_services.product_update(
        actor=officer, product=province_a.product, fields={"name": "Tên mới sau khi cấp"}
    )
    import io

    data = to_bytes(certificate_document(Certificate.objects.get(pk=province_a.pk)))
    text = "".join(page.extract_text() for page in PdfReader(io.BytesIO(data)).pages)
    assert "Rượu đồ Thử" in text and "Tên mới" not in text
