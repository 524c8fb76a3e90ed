"""Permission-matrix cases for /chung-nhan/ and the public /v/<code>. Relies on the world of
tests/evaluation/matrix_cases.py (its final 4-star result) and adds a decision and a
certificate for the producer's recognised product."""

import datetime

from ocop.certificates import signing
from ocop.certificates.models import Certificate, DecisionLevel, RecognitionDecision
from tests.matrix import LOGIN, Case, everyone

VISIBLE = {"anonymous": LOGIN, "council": 404}


def extend_world(w):
    if not hasattr(w, "result"):
        from tests.evaluation.matrix_cases import extend_world as evaluation_world

        evaluation_world(w)
    w.decision = RecognitionDecision.objects.create(
        number="12/QĐ-UBND",
        decided_on=datetime.date(2026, 12, 20),
        year=2026,
        signer="Chủ tịch UBND tỉnh",
        level=DecisionLevel.PROVINCE,
        unit=w.units.phu_tho,
        round=w.round,
    )
    w.certificate = Certificate.objects.create(
        product=w.recognised_product,
        producer=w.producer,
        decision=w.decision,
        result=w.result,
        stars=4,
        issued_on=datetime.date(2026, 12, 20),
        expires_on=datetime.date(2029, 12, 20),
    )
    signing.seal(w.certificate)


def cert(w):
    return {"code": w.certificate.code}


CASES = [
    Case("certificates:certificates", expect={"anonymous": LOGIN}),
    Case("certificates:certificate", kwargs=cert, expect=VISIBLE),
    Case("certificates:certificate_pdf", kwargs=cert, expect=VISIBLE),
    Case(
        "certificates:revoke",
        kwargs=cert,
        expect={**everyone(403), **VISIBLE, "admin": 200, "province": 200},
    ),
    Case(
        "certificates:reevaluation_start",
        kwargs=cert,
        method="post",
        default=302,
        # outside the window the refusal is a message on the certificate page (302); those who
        # may not act for the product get 403, those who may not see it 404
        expect={**VISIBLE, "central": 403},
    ),
    Case("certificates:decisions", expect={"anonymous": LOGIN}),
    Case(
        "certificates:decision",
        kwargs=lambda w: {"code": w.decision.public_code},
        expect=VISIBLE,
    ),
    Case(
        "certificates:decision_create",
        expect={**everyone(403), "anonymous": LOGIN, "admin": 200, "central": 200, "province": 200},
    ),
    Case("certificates:verify", kwargs=cert),
    Case(
        "certificates:verify",
        id="certificates:verify(unknown code)",
        kwargs=lambda w: {"code": "OCOP-XXXX-XXXX"},
        default=404,
    ),
    Case("certificates:verify_json", kwargs=cert),
]
