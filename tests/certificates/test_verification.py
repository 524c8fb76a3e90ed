"""Verification that needs no trust in the site: the signed address in the QR code is accepted
offline and on the page when genuine, and refused everywhere when altered or signed by an
unknown or revoked key."""

from __future__ import annotations

import datetime
import io
import json
import os
import socket
import subprocess
import sys
from pathlib import Path
from urllib.parse import parse_qs, urlencode, urlsplit

import pytest
from cryptography.hazmat.primitives.asymmetric.ed25519 import Ed25519PrivateKey
from django.core.management import CommandError, call_command
from django.urls import reverse

from ocop.certificates import keyring, offline, signing
from ocop.certificates.labels import label_sheet, verification_address
from ocop.certificates.offline import Claim, NotGenuine, pack_facts, unpack_facts
from ocop.certificates.selectors import certificates_to_label
from ocop.certificates.services import certificates_resign
from ocop.core.models import AuditEvent
from tests import factories as f
from tests.api.conftest import add_certificate, add_decision

ROOT = Path(__file__).resolve().parents[2]


@pytest.fixture
def cert(units, product_set):
    producer = f.ProducerFactory(commune=units.phu_lai, province=units.hoa_binh)
    product = f.ProductFactory(
        producer=producer,
        product_set=product_set,
        name="Mật ong bạc hà Đồng Văn",
        gtin="8935049500018",
    )
    decision = add_decision(units.hoa_binh, "15/QĐ-UBND", year=2025)
    certificate = add_certificate(product, decision, stars=4, issued_on=datetime.date(2025, 3, 1))
    signing.seal(certificate)
    return certificate


def published() -> dict:
    return keyring.published_by_id()


def params(address: str) -> dict[str, str]:
    return {k: v[-1] for k, v in parse_qs(urlsplit(address).query).items()}


def with_params(address: str, **changes) -> str:
    query = params(address) | changes
    return address.split("?")[0] + "?" + urlencode(query)


def flip(text: str, at: int = 5) -> str:
    """One character of a base64url text changed."""
    return text[:at] + ("A" if text[at] != "A" else "B") + text[at + 1 :]


def refacts(address: str, **facts) -> str:
    """The address with its facts changed (still well-formed, signature untouched)."""
    changed = unpack_facts(params(address)["f"]) | facts
    return with_params(address, f=pack_facts(changed))


# --------------------------------------------------------------------------- the address


def test_the_address_carries_code_gtin_facts_key_and_signature(cert, settings):
    settings.SITE_URL = "https://ocop.example.vn"
    address = verification_address(cert)
    assert address.startswith(f"https://ocop.example.vn/v/{cert.code}?01=8935049500018&f=")
    query = params(address)
    assert query["k"] == cert.key_id == keyring.active().id
    assert unpack_facts(query["f"]) == cert.facts
    # dense enough to scan: about 500 characters, QR version 17 at level M
    assert len(address) < 600


def test_a_genuine_address_is_accepted_offline(cert):
    assert offline.check(Claim.from_address(verification_address(cert)), published()) == cert.facts


@pytest.mark.parametrize(
    "alter",
    [
        pytest.param(lambda a: refacts(a, stars=5), id="facts-stars"),
        pytest.param(lambda a: refacts(a, expires_on="2099-01-01"), id="facts-expiry"),
        pytest.param(lambda a: with_params(a, f=flip(params(a)["f"])), id="facts-byte"),
        pytest.param(lambda a: with_params(a, s=flip(params(a)["s"])), id="signature-byte"),
        pytest.param(lambda a: with_params(a, k="AAAAAAAAAAA"), id="unknown-key"),
        pytest.param(lambda a: with_params(a, **{"01": "8935049500025"}), id="gtin"),
        pytest.param(lambda a: a.replace("/v/OCOP-", "/v/OCOP-X"), id="code"),
        pytest.param(lambda a: a.split("?")[0] + "?k=" + params(a)["k"], id="no-facts"),
    ],
)
def test_an_altered_address_is_refused_offline_and_on_the_page(cert, client, alter):
    address = alter(verification_address(cert))
    with pytest.raises((NotGenuine, ValueError)):
        offline.check(Claim.from_address(address), published())
    path = urlsplit(address)
    page = client.get(f"{path.path}?{path.query}")
    if page.status_code == 404:  # the code itself was changed: no such certificate
        return
    assert page.context["status"] == "not_genuine"
    assert 'data-status="not_genuine"' in page.content.decode()
    assert 'data-status="valid"' not in page.content.decode()
    assert "loai=fake" in page.content.decode()  # the report link names it a fake label
    json_path = path.path + ".json"
    assert client.get(f"{json_path}?{path.query}").json()["status"] == "not_genuine"


def test_a_key_swapped_for_another_published_key_is_refused(cert, client):
    address = verification_address(cert)
    public = Ed25519PrivateKey.generate().public_key().public_bytes_raw()
    entry = {
        "id": offline.key_id(public),
        "algorithm": "Ed25519",
        "public_key": offline.b64url(public),
        "status": "active",
    }
    keys = published() | {entry["id"]: entry}
    with pytest.raises(NotGenuine, match="signature"):
        offline.check(Claim.from_address(with_params(address, k=entry["id"])), keys)


def test_a_genuine_address_shows_the_live_status_in_a_big_word(cert, client):
    path = urlsplit(verification_address(cert))
    page = client.get(f"{path.path}?{path.query}")
    body = page.content.decode()
    assert page.status_code == 200 and page.context["data"]["address"] == "genuine"
    assert 'data-status="valid"' in body and "★★★★" in body and "01/03/2025" in body
    assert "loai=" not in body  # a plain report link: nothing wrong is claimed
    cert.revoked, cert.revoked_on = True, datetime.date(2025, 6, 1)
    cert.save(update_fields=["revoked", "revoked_on"])
    page = client.get(f"{path.path}?{path.query}")
    assert page.context["status"] == "revoked"
    assert 'data-status="revoked"' in page.content.decode()


def test_the_verification_page_sets_no_cookie_and_carries_no_token(cert, client):
    page = client.get(reverse("certificates:verify", args=[cert.code]))
    assert page.status_code == 200
    assert not page.cookies
    assert "csrfmiddlewaretoken" not in page.content.decode()


def test_an_address_that_disagrees_with_the_stored_record_is_not_genuine(cert, client):
    """A genuine signature over facts the record no longer holds (the record was re-sealed)."""
    old = verification_address(cert)
    cert.product.name = "Mật ong bạc hà (đổi tên)"
    cert.product.save(update_fields=["name"])
    signing.seal(cert)
    assert signing.state(cert) == "verified"
    path = urlsplit(old)
    assert client.get(f"{path.path}?{path.query}").context["status"] == "not_genuine"


def test_a_typed_code_is_trimmed_and_upper_cased(cert, client):
    typed = "  " + cert.code.lower() + " "
    response = client.get(reverse("certificates:verify_lookup"), {"code": typed})
    assert response.status_code == 302
    assert response["Location"] == reverse("certificates:verify", args=[cert.code])
    assert client.get(reverse("certificates:verify_lookup")).status_code == 200


def test_the_portal_home_has_the_code_box(db, client):
    body = client.get(reverse("portal:home")).content.decode()
    assert f'action="{reverse("certificates:verify_lookup")}"' in body and 'name="code"' in body


# --------------------------------------------------------------------------- the keyring


@pytest.fixture
def file_keys(monkeypatch, settings, tmp_path):
    """The keyring of a data directory, without OCOP_SIGNING_KEY."""
    monkeypatch.delenv(keyring.ENV)
    settings.DATA_DIR = tmp_path
    keyring._cache.clear()
    yield tmp_path / "keys"
    keyring._cache.clear()


def test_rotation_keeps_old_certificates_genuine_and_signs_new_ones_with_the_new_key(
    file_keys, cert, client
):
    signing.seal(cert)
    first = cert.key_id
    old_address = verification_address(cert)
    new = keyring.key_rotate()
    assert new.id != first and keyring.active().id == new.id
    assert keyring.by_id(first).status == keyring.RETIRED
    cert.refresh_from_db()
    assert signing.state(cert) == "verified"
    assert offline.check(Claim.from_address(old_address), published()) == cert.facts
    path = urlsplit(old_address)
    assert client.get(f"{path.path}?{path.query}").context["status"] == "valid"
    other = add_certificate(
        cert.product, cert.decision, stars=3, issued_on=datetime.date(2025, 4, 1)
    )
    signing.seal(other)
    assert other.key_id == new.id and signing.state(other) == "verified"
    for path in file_keys.iterdir():
        if path.name.endswith(".key"):
            assert path.stat().st_mode & 0o777 == 0o600


def test_a_revoked_key_makes_its_signatures_not_genuine_and_is_published_as_revoked(
    file_keys, cert, client
):
    signing.seal(cert)
    address = verification_address(cert)
    with pytest.raises(Exception, match="rotate"):
        keyring.key_revoke(cert.key_id)  # the active key: rotate first
    keyring.key_rotate()
    keyring.key_revoke(cert.key_id)
    cert.refresh_from_db()
    assert signing.state(cert) == "invalid"
    with pytest.raises(NotGenuine, match="revoked"):
        offline.check(Claim.from_address(address), published())
    path = urlsplit(address)
    assert client.get(f"{path.path}?{path.query}").context["status"] == "not_genuine"
    document = client.get(reverse("certificates:published_keys")).json()
    statuses = {entry["id"]: entry["status"] for entry in document["keys"]}
    assert statuses[cert.key_id] == "revoked" and sorted(statuses.values()) == ["active", "revoked"]
    entry = next(e for e in document["keys"] if e["id"] == cert.key_id)
    assert entry["algorithm"] == "Ed25519" and entry["revoked"] == entry["retired"]


def test_a_key_made_before_the_keyring_is_adopted(file_keys, settings):
    settings.DEMO = True  # the demo's fixed key
    key = keyring.key_generate()
    assert (file_keys / "certificate-signing.key").exists()
    (file_keys / keyring.KEYRING).unlink()
    keyring._cache.clear()
    assert (
        keyring.active().id
        == key.id
        == offline.key_id(keyring.active().private.public_key().public_bytes_raw())
    )
    with pytest.raises(Exception, match="rotate"):
        keyring.key_generate()


# --------------------------------------------------------------------------- ocop verify


def _keys_file(tmp_path, client) -> Path:
    path = tmp_path / "ocop-keys.json"
    path.write_bytes(client.get(reverse("certificates:published_keys")).content)
    return path


OFFLINE = """
import socket, sys
def refuse(*args, **kwargs):
    raise AssertionError("ocop verify opened a socket")
socket.socket = refuse
socket.create_connection = refuse
from ocop.cli import main
code = main(["verify", *sys.argv[1:]])
assert "django.conf" not in sys.modules or not __import__("django.conf").conf.settings.configured
sys.exit(code)
"""


def _offline(*args) -> subprocess.CompletedProcess:
    """``ocop verify`` in a process with no OCOP_* variable, no settings and no network."""
    env = {"PATH": os.environ.get("PATH", ""), "PYTHONPATH": str(ROOT)}
    return subprocess.run(
        [sys.executable, "-c", OFFLINE, *args],
        env=env,
        cwd="/",
        capture_output=True,
        text=True,
        timeout=60,
    )


def test_ocop_verify_runs_with_no_settings_database_or_network(cert, client, tmp_path):
    keys = _keys_file(tmp_path, client)
    address = verification_address(cert)
    good = _offline(address, "--keys", str(keys))
    assert good.returncode == 0, good.stderr
    assert "GENUINE" in good.stdout and "Mật ong bạc hà Đồng Văn" in good.stdout
    assert "01/03/2025" in good.stdout and "live status" in good.stdout
    bad = _offline(refacts(address, stars=5), "--keys", str(keys))
    assert bad.returncode == 1 and "NOT GENUINE" in bad.stdout
    unknown = _offline(with_params(address, k="AAAAAAAAAAA"), "--keys", str(keys))
    assert unknown.returncode == 1 and "not a published key" in unknown.stdout


def test_ocop_verify_opens_no_socket(cert, client, tmp_path, monkeypatch, capsys):
    keys = _keys_file(tmp_path, client)

    def refuse(*args, **kwargs):
        raise AssertionError("a socket was opened")

    monkeypatch.setattr(socket, "socket", refuse)
    monkeypatch.setattr(socket, "create_connection", refuse)
    assert offline.main([verification_address(cert), "--keys", str(keys)]) == 0
    assert "GENUINE" in capsys.readouterr().out


def test_ocop_verify_reads_the_keys_file_named_in_the_environment(
    cert, client, tmp_path, monkeypatch
):
    monkeypatch.setenv(offline.KEYS_ENV, str(_keys_file(tmp_path, client)))
    assert offline.main([verification_address(cert)]) == 0
    document = json.loads(Path(os.environ[offline.KEYS_ENV]).read_text())
    for entry in document["keys"]:
        entry["id"] = "AAAAAAAAAAA"  # an id that is not its key's id is ignored
    Path(os.environ[offline.KEYS_ENV]).write_text(json.dumps(document))
    assert offline.main([verification_address(cert)]) == 1


# --------------------------------------------------------------------------- QR codes and labels


def test_qr_codes_and_the_label_sheet_of_a_producer(cert, client, personas, product_set):
    other = f.ProductFactory(producer=cert.producer, product_set=product_set)
    revoked = add_certificate(other, cert.decision, stars=3, issued_on=cert.issued_on)
    revoked.revoked = True
    revoked.save(update_fields=["revoked"])
    client.force_login(personas.admin)
    svg = client.get(reverse("certificates:qr_svg", args=[cert.code]))
    assert svg["Content-Type"] == "image/svg+xml" and b"<svg" in svg.content
    png = client.get(reverse("certificates:qr_png", args=[cert.code]))
    assert png["Content-Type"] == "image/png" and png.content.startswith(b"\x89PNG")
    assert list(certificates_to_label(personas.admin, cert.producer)) == [cert]
    sheet = client.get(reverse("certificates:producer_labels", args=[cert.producer.public_code]))
    assert sheet["Content-Type"] == "application/pdf" and sheet.content.startswith(b"%PDF")
    document = label_sheet(cert.producer, [cert])
    assert cert.code in document.texts and "★★★★ OCOP" in document.texts
    assert "Mật ong bạc hà Đồng Văn" in document.texts


def test_resign_gives_the_certificates_of_a_revoked_key_a_genuine_signature_again(
    file_keys, cert, client
):
    signing.seal(cert)
    old_key, old_address = cert.key_id, verification_address(cert)
    new = keyring.key_rotate()
    keyring.key_revoke(old_key)
    tampered = add_certificate(
        cert.product, cert.decision, stars=3, issued_on=datetime.date(2025, 4, 1)
    )
    tampered.key_id = old_key
    signing.seal(tampered)
    tampered.key_id, tampered.stars = old_key, 5  # the row no longer says what was signed
    tampered.save(update_fields=["key_id", "stars"])
    out, err = io.StringIO(), io.StringIO()
    call_command("keys", "resign", stdout=out, stderr=err)
    cert.refresh_from_db()
    tampered.refresh_from_db()
    assert cert.key_id == new.id and signing.state(cert) == "verified"
    assert tampered.key_id == old_key and signing.state(tampered) == "invalid"
    assert f"refused: {tampered.code}" in err.getvalue()
    assert "1 certificates re-signed, 1 refused. Reprint" in out.getvalue()
    # the new address is genuine offline and on the page; the printed one stays refused
    address = verification_address(cert)
    assert offline.check(Claim.from_address(address), published()) == cert.facts
    path = urlsplit(address)
    assert client.get(f"{path.path}?{path.query}").context["status"] == "valid"
    with pytest.raises(NotGenuine, match="revoked"):
        offline.check(Claim.from_address(old_address), published())
    entry = AuditEvent.objects.get(action="certificates.certificate.resigned")
    assert entry.old["key_id"] == old_key and entry.new["key_id"] == new.id
    with pytest.raises(CommandError, match="khoá đang dùng"):
        call_command("keys", "resign", "--key", new.id, stdout=out)


def test_resign_leaves_the_active_keys_certificates_alone(file_keys, cert):
    signing.seal(cert)
    signature = cert.signature
    assert certificates_resign() == ([], [])
    cert.refresh_from_db()
    assert cert.signature == signature
