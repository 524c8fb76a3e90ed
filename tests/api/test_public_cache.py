"""Public answers are cached per version of the data, yet never stale: a revocation or an import
shows on the very next request; unchanged answers are "304 Not Modified"."""

from __future__ import annotations

import datetime

from ocop.accounts.models import Role
from ocop.certificates import services
from ocop.certificates.models import RevocationGround
from ocop.reports import services as import_services
from tests import factories as f
from tests.certificates.test_guarded_road import _result_rows, valid_tax_code

LIST = "/api/v1/certificates/"


def _revoke(w) -> None:
    services.certificate_revoke(
        actor=w.personas.admin,
        certificate=w.certificate,
        ground=RevocationGround.MARK_MISUSE,
        authority="UBND tỉnh Phú Thọ",
        decision_no="7/QĐ-THU-HOI",
        revoked_on=datetime.date(2025, 6, 1),
    )


def _status_in_list(client, code: str) -> str:
    rows = client.get(LIST).json()["results"]
    return next(r["status"] for r in rows if r["code"] == code)


def test_a_revocation_shows_at_once_on_the_cached_certificate_and_list(api_world, api_as):
    client = api_as("anonymous")
    detail = f"/api/v1/certificates/{api_world.certificate.code}/"
    assert client.get(detail).json()["status"] == "valid"
    assert _status_in_list(client, api_world.certificate.code) == "valid"
    _revoke(api_world)
    assert client.get(detail).json()["status"] == "revoked"
    assert _status_in_list(client, api_world.certificate.code) == "revoked"


def test_an_unchanged_answer_is_not_modified_and_a_change_makes_a_new_one(api_world, api_as):
    client = api_as("anonymous")
    first = client.get(LIST)
    etag = first["ETag"]
    assert "public" in first["Cache-Control"] and "no-cache" in first["Cache-Control"]
    assert first["Last-Modified"]
    again = client.get(LIST, HTTP_IF_NONE_MATCH=etag)
    assert again.status_code == 304 and not again.content
    _revoke(api_world)
    changed = client.get(LIST, HTTP_IF_NONE_MATCH=etag)
    assert changed.status_code == 200 and changed["ETag"] != etag


def test_answers_differ_per_language_and_query(api_world, api_as):
    client = api_as("anonymous")
    tags = {
        client.get(LIST)["ETag"],
        client.get(LIST, {"stars": 4})["ETag"],
        client.get(LIST, HTTP_ACCEPT_LANGUAGE="en")["ETag"],
    }
    assert len(tags) == 3
    assert [r["stars"] for r in client.get(LIST, {"stars": 4}).json()["results"]] == [4]


def test_signed_in_readers_get_private_uncached_answers(api_world, api_as):
    response = api_as("admin").get(LIST)
    assert response.status_code == 200
    assert "ETag" not in response and "private" in response["Cache-Control"]


def test_the_summary_changes_after_an_import(api_world, api_as):
    client = api_as("anonymous")
    before = client.get("/api/v1/reports/summary/").json()["products"]
    officer = f.UserFactory(username="import-office")
    f.grant(officer, Role.PROVINCE_OFFICE, unit=api_world.units.phu_tho)
    rows = _result_rows(valid_tax_code("540000777"), ("2024", "20/QĐ-UBND", "01/03/2024", "4"))
    import_services.results_import(actor=officer, data=rows, filename="list.csv")
    assert client.get("/api/v1/reports/summary/").json()["products"] == before + 1
