"""Permission-matrix cases for the verification doors: the public typed-code box and keys, and
the QR codes and label sheet that the producer and officers in scope print. Relies on the
certificate of tests/certificates/matrix_cases.py."""

from tests.certificates.matrix_cases import VISIBLE, cert
from tests.matrix import Case

CASES = [
    Case("certificates:verify_lookup"),
    Case("certificates:published_keys"),
    Case("certificates:qr_svg", kwargs=cert, expect=VISIBLE),
    Case("certificates:qr_png", kwargs=cert, expect=VISIBLE),
    Case(
        "certificates:producer_labels",
        kwargs=lambda w: {"code": w.producer.public_code},
        expect=VISIBLE,
    ),
]
