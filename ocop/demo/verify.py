"""Verification in the demo: the signing key (the demo's fixed, public one on a fresh demo) and
two addresses to try, one genuine and one altered, on the page and with ``ocop verify``.

Nothing is written here: the demo certificates are sealed when they are made
(``ocop.demo.recognition``); this only says where to look. Running it again changes nothing.
"""

from __future__ import annotations

from urllib.parse import parse_qs, urlencode, urlsplit

from ocop.certificates import keyring
from ocop.certificates.labels import verification_address
from ocop.certificates.models import Certificate
from ocop.certificates.offline import pack_facts, unpack_facts
from ocop.certificates.selectors import certificates_valid_in_force


def altered(address: str) -> str:
    """The address with one signed fact changed (five stars), its signature left as it was."""
    parts = urlsplit(address)
    query = {k: v[-1] for k, v in parse_qs(parts.query).items()}
    query["f"] = pack_facts(unpack_facts(query["f"]) | {"stars": 5})
    return parts._replace(query=urlencode(query)).geturl()


def load_verify(out: list[str]) -> None:
    certificate = (
        certificates_valid_in_force(qs=Certificate.objects.exclude(key_id=""))
        .order_by("code")
        .first()
    )
    if certificate is None:
        return
    key = keyring.active()
    address = verification_address(certificate)
    out.append(
        f"Kiểm tra tem OCOP: khoá ký {key.id} ({key.status}), khoá công khai tại /.well-known/ocop-keys.json\n"
        f"  địa chỉ thật ({certificate.code}): {address}\n"
        f"  địa chỉ bị sửa (5 sao): {altered(address)}\n"
        "  kiểm tra ngoại tuyến: ocop verify '<địa chỉ>' --keys ocop-keys.json"
    )
