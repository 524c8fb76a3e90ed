"""Permission-matrix cases for /danh-gia/. The world gets a provincial round of Phú Thọ with a
council (a chair and the ``council`` persona), a product assigned to both, a product of another
producer assigned to the chair only, and the producer's recognised product with a final result."""

import datetime
from decimal import Decimal

from ocop.evaluation.models import (
    Assignment,
    Council,
    CouncilMember,
    Enrolment,
    Result,
    Round,
    RoundLevel,
    RoundStatus,
    ScoreSheet,
)
from ocop.registry.models import DossierStatus
from tests import factories as f
from tests.evaluation import factories as ef
from tests.matrix import LOGIN, Case, everyone, officials

IN_ROUND = {"admin": 200, "central": 200, "province": 200, "department": 200}
OUTSIDE = {"district": 404, "commune": 404, "producer": 404}
MANAGERS = {"admin": 302, "central": 302, "province": 302}
MANAGER_PAGE = {**OUTSIDE, "anonymous": LOGIN, "department": 403, "council": 403}


def extend_world(w):
    ps = ef.set14()
    w.round = Round.objects.create(
        level=RoundLevel.PROVINCE,
        unit=w.units.phu_tho,
        year=2026,
        number=2,
        criteria_set=ps.criteria_set,
        status=RoundStatus.OPEN,
    )
    council = Council.objects.create(round=w.round, name="Hội đồng tỉnh Phú Thọ")
    w.chair_user = f.UserFactory(username="matrix-chair")
    w.chair = CouncilMember.objects.create(
        council=council, user=w.chair_user, position=CouncilMember.Position.CHAIR
    )
    w.member = CouncilMember.objects.create(council=council, user=w.personas.council)

    def enrolment(product, members):
        dossier = ef.dossier_for(product, status=DossierStatus.IN_EVALUATION)
        e = Enrolment.objects.create(
            round=w.round,
            dossier=dossier,
            product=product,
            product_set=ps,
            criteria_set=ps.criteria_set,
            filed_on=datetime.date(2026, 6, 1),
        )
        for m in members:
            ScoreSheet.objects.create(assignment=Assignment.objects.create(enrolment=e, member=m))
        return e

    # products of their own (the scored one of a producer no persona represents), so the
    # registry's cases on the personas' producers keep their meaning
    w.ev_producer = f.ProducerFactory(commune=w.units.phu_lai, province=w.units.hoa_binh)
    w.scored_product = f.ProductFactory(producer=w.ev_producer, product_set=w.product_set)
    w.unassigned_product = f.ProductFactory(producer=w.other_producer, product_set=w.product_set)
    w.enrolment = enrolment(w.scored_product, [w.chair, w.member])
    w.other_enrolment = enrolment(w.unassigned_product, [w.chair])
    w.cert_enrolment = enrolment(w.recognised_product, [w.chair])
    w.scored_document = ef.document_in(w.enrolment.dossier)
    w.unassigned_document = ef.document_in(w.other_enrolment.dossier)
    w.result = Result.objects.create(
        enrolment=w.cert_enrolment,
        criteria_set=ps.criteria_set,
        product_set=ps,
        total=Decimal("80.00"),
        stars=4,
        band_stars=4,
        recognisable=True,
        final=True,
        quorum_met=True,
        member_count=1,
    )


def enrolment(w):
    return {"code": w.enrolment.public_code}


CASES = [
    Case("evaluation:rounds", expect={"anonymous": LOGIN, "producer": 403}),
    Case(
        "evaluation:round_create",
        expect={
            "anonymous": LOGIN,
            "department": 403,
            "commune": 403,
            "council": 403,
            "producer": 403,
        },
    ),
    Case(
        "evaluation:round",
        kwargs=lambda w: {"code": w.round.public_code},
        expect={**IN_ROUND, **OUTSIDE, "anonymous": LOGIN, "council": 200},
    ),
    Case(
        "evaluation:council",
        kwargs=lambda w: {"code": w.round.public_code},
        expect={**IN_ROUND, **OUTSIDE, "anonymous": LOGIN, "council": 200},
    ),
    Case(
        "evaluation:enrol",
        method="post",
        kwargs=lambda w: {"code": w.round.public_code},
        data=lambda w: {"dossier": "no-such-code"},
        expect={**MANAGERS, **OUTSIDE, "anonymous": LOGIN, "department": 403, "council": 403},
    ),
    Case(
        "evaluation:round_action",
        method="post",
        kwargs=lambda w: {"code": w.round.public_code, "action": "dong"},
        expect={**MANAGERS, **OUTSIDE, "anonymous": LOGIN, "department": 403, "council": 403},
    ),
    Case(
        "evaluation:round_edit",
        kwargs=lambda w: {"code": w.round.public_code},
        expect=MANAGER_PAGE,
    ),
    Case(
        "evaluation:round_cancel",
        kwargs=lambda w: {"code": w.round.public_code},
        expect=MANAGER_PAGE,
    ),
    Case(
        "evaluation:round_assign",
        method="post",
        kwargs=lambda w: {"code": w.round.public_code},
        data=lambda w: {"members": [w.member.pk]},
        expect={**MANAGERS, **MANAGER_PAGE},
    ),
    Case("evaluation:results_queue", expect={"anonymous": LOGIN}),
    Case("evaluation:my_sheets", expect={"anonymous": LOGIN}),
    Case(
        "evaluation:enrolment",
        kwargs=enrolment,
        expect={**IN_ROUND, **OUTSIDE, "anonymous": LOGIN, "council": 200},
    ),
    Case(
        "evaluation:enrolment",
        id="evaluation:enrolment(member not assigned)",
        kwargs=lambda w: {"code": w.other_enrolment.public_code},
        expect={**IN_ROUND, **OUTSIDE, "anonymous": LOGIN, "council": 404},
    ),
    Case(
        "evaluation:assign",
        method="post",
        kwargs=enrolment,
        data=lambda w: {"member": w.member.pk},
        expect={**MANAGERS, **OUTSIDE, "anonymous": LOGIN, "department": 403, "council": 403},
    ),
    Case(
        "evaluation:result",
        method="post",
        kwargs=enrolment,
        data=lambda w: {"op": "compute"},
        expect={**MANAGERS, **OUTSIDE, "anonymous": LOGIN, "department": 403, "council": 403},
    ),
    Case(
        "evaluation:sheet",
        kwargs=enrolment,
        expect={**everyone(404), "anonymous": LOGIN, "council": 200},
    ),
    Case(
        "evaluation:sheet",
        id="evaluation:sheet(member not assigned)",
        kwargs=lambda w: {"code": w.other_enrolment.public_code},
        expect={**everyone(404), "anonymous": LOGIN},
    ),
    Case(
        "evaluation:document",
        kwargs=lambda w: {
            "code": w.enrolment.public_code,
            "document": w.scored_document.public_code,
        },
        # officials read dossiers through the registry; the member through the sheet
        expect={**everyone(404), "anonymous": LOGIN, "council": 200},
    ),
    Case(
        "evaluation:document",
        id="evaluation:document(member not assigned)",
        kwargs=lambda w: {
            "code": w.other_enrolment.public_code,
            "document": w.unassigned_document.public_code,
        },
        expect={**everyone(404), "anonymous": LOGIN},
    ),
    Case(
        "evaluation:document",
        id="evaluation:document(another dossier's document)",
        kwargs=lambda w: {
            "code": w.enrolment.public_code,
            "document": w.unassigned_document.public_code,
        },
        expect={**everyone(404), "anonymous": LOGIN},
    ),
    Case(
        "evaluation:sheet_preview",
        method="post",
        kwargs=enrolment,
        data=lambda w: {"c-1.1": "0"},
        expect={**everyone(404), "anonymous": LOGIN, "council": 200},
    ),
    Case(
        "evaluation:sheet_autosave",
        method="post",
        kwargs=enrolment,
        data=lambda w: {"c-1.1": "0", "version": "0"},
        expect={**everyone(404), "anonymous": LOGIN, "council": 200},
    ),
    Case(
        "evaluation:sheet_print",
        kwargs=lambda w: {"code": w.enrolment.public_code, "member_id": w.member.pk},
        expect={**IN_ROUND, **OUTSIDE, "anonymous": LOGIN, "council": 200},
    ),
    Case(
        "evaluation:sheet_print",
        id="evaluation:sheet_print(another member's sheet)",
        kwargs=lambda w: {"code": w.enrolment.public_code, "member_id": w.chair.pk},
        expect={**IN_ROUND, **OUTSIDE, "anonymous": LOGIN, "council": 404},
    ),
    Case(
        "evaluation:sheet_reopen",
        method="post",
        kwargs=lambda w: {"code": w.enrolment.public_code, "member_id": w.member.pk},
        data=lambda w: {"reason": "x"},
        expect={**officials(403), **OUTSIDE, "anonymous": LOGIN, "council": 403},
    ),
    Case(
        "evaluation:history",
        kwargs=lambda w: {"code": w.scored_product.public_code},
        expect={"anonymous": LOGIN, "producer": 404},
    ),
    Case(
        "evaluation:history",
        id="evaluation:history(the producer's own certified product)",
        kwargs=lambda w: {"code": w.recognised_product.public_code},
        expect={"anonymous": LOGIN, "council": 404},
    ),
    Case(
        "evaluation:history",
        id="evaluation:history(another producer's product)",
        kwargs=lambda w: {"code": w.foreign_product.public_code},
        expect={
            **officials(404),
            "admin": 200,
            "central": 200,
            "anonymous": LOGIN,
            "council": 404,
            "producer": 404,
        },
    ),
]
