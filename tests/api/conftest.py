"""A small world for the API: the personas with tokens, registry records inside and outside the
provincial officer's scope, a round with a council and sheets, decisions and certificates."""

from __future__ import annotations

import datetime
from types import SimpleNamespace

import pytest
from django.core.cache import cache
from django.core.files.base import ContentFile
from rest_framework.authtoken.models import Token
from rest_framework.test import APIClient

from ocop.certificates.models import Certificate, DecisionLevel, RecognitionDecision
from ocop.evaluation.models import (
    Assignment,
    Council,
    CouncilMember,
    Enrolment,
    Result,
    Round,
    RoundLevel,
    ScoreSheet,
)
from ocop.programme.models import Plan
from ocop.registry.models import Document, Dossier, DossierKind
from tests import factories as f

ISSUED = datetime.date(2024, 3, 1)


@pytest.fixture(autouse=True)
def _fresh_throttles():
    """Request counters of the throttled endpoints start from zero in each test."""
    cache.clear()
    yield
    cache.clear()


def add_document(producer, title="Giấy chứng nhận đăng ký kinh doanh"):
    document = Document(
        producer=producer,
        doc_type="business_registration",
        title=title,
        issued_on=datetime.date(2023, 5, 1),
        original_name="dang-ky.pdf",
        content_type="application/pdf",
    )
    document.file.save("dang-ky.pdf", ContentFile(b"%PDF-1.4 test"), save=False)
    document.save()
    return document


def add_round(unit, criteria_set, *, year=2024, number=1) -> Round:
    return Round.objects.create(
        level=RoundLevel.PROVINCE, unit=unit, year=year, number=number, criteria_set=criteria_set
    )


def add_sheet(round_, product, product_set, member: CouncilMember, total="72.50") -> ScoreSheet:
    dossier = Dossier.objects.create(product=product, kind=DossierKind.FIRST)
    enrolment = Enrolment.objects.create(
        round=round_, dossier=dossier, product=product, product_set=product_set
    )
    assignment = Assignment.objects.create(enrolment=enrolment, member=member)
    return ScoreSheet.objects.create(assignment=assignment, total=total, status="submitted")


def add_result(enrolment, stars=3) -> Result:
    return Result.objects.create(
        enrolment=enrolment,
        criteria_set=enrolment.product_set.criteria_set,
        product_set=enrolment.product_set,
        total="72.50",
        stars=stars,
        band_stars=stars,
        recognisable=True,
        member_count=1,
    )


def add_decision(unit, number="123/QĐ-UBND", year=2024) -> RecognitionDecision:
    return RecognitionDecision.objects.create(
        number=number,
        year=year,
        decided_on=datetime.date(year, 3, 1),
        level=DecisionLevel.PROVINCE,
        unit=unit,
    )


def add_certificate(product, decision, *, stars=3, issued_on=ISSUED, **extra) -> Certificate:
    product.status = "recognised"
    product.stars = stars
    product.save(update_fields=["status", "stars"])
    return Certificate.objects.create(
        product=product,
        producer=product.producer,
        decision=decision,
        stars=stars,
        score="68.50",
        issued_on=issued_on,
        expires_on=issued_on.replace(year=issued_on.year + 3),
        **extra,
    )


def token_for(user) -> str:
    return Token.objects.get_or_create(user=user)[0].key


def build_api_world() -> SimpleNamespace:
    units = f.build_unit_tree()
    product_set = f.ProductSetFactory()
    w = SimpleNamespace(units=units, product_set=product_set)
    w.producer = f.ProducerFactory(commune=units.phu_lai, province=units.hoa_binh)
    w.other_producer = f.ProducerFactory(commune=units.lac_son_commune, province=units.hoa_binh)
    w.foreign_producer = f.ProducerFactory(commune=units.hanoi_commune, province=units.hanoi)
    w.personas = f.build_personas(units, w.producer)
    w.product = f.ProductFactory(producer=w.producer, product_set=product_set)
    w.other_product = f.ProductFactory(producer=w.other_producer, product_set=product_set)
    w.foreign_product = f.ProductFactory(producer=w.foreign_producer, product_set=product_set)
    w.document = add_document(w.producer)
    w.foreign_document = add_document(w.foreign_producer)

    w.round = add_round(units.phu_tho, product_set.criteria_set)
    w.foreign_round = add_round(units.hanoi, product_set.criteria_set)
    council = Council.objects.create(round=w.round, name="Hội đồng tỉnh")
    w.member = CouncilMember.objects.create(council=council, user=w.personas.council)
    colleague = f.UserFactory(username="p-colleague")
    w.colleague = CouncilMember.objects.create(council=council, user=colleague)
    w.own_sheet = add_sheet(w.round, w.product, product_set, w.member)
    w.colleague_sheet = add_sheet(w.round, w.other_product, product_set, w.colleague)
    w.enrolment = w.own_sheet.assignment.enrolment
    w.result = add_result(w.enrolment)

    w.decision = add_decision(units.hoa_binh)
    w.certificate = add_certificate(w.product, w.decision, stars=4)
    w.revoked_certificate = add_certificate(
        w.other_product, w.decision, revoked=True, revoked_on=datetime.date(2025, 1, 2)
    )
    w.foreign_decision = add_decision(units.hanoi, number="55/QĐ-UBND")
    w.foreign_certificate = add_certificate(w.foreign_product, w.foreign_decision, stars=5)
    w.plan = Plan.objects.create(
        province=units.phu_tho,
        year=2026,
        number="01/KH-UBND",
        issued_on=datetime.date(2026, 1, 15),
        deadline=datetime.date(2026, 12, 31),
    )
    w.foreign_plan = Plan.objects.create(
        province=units.hanoi,
        year=2026,
        number="02/KH-UBND",
        issued_on=datetime.date(2026, 1, 20),
        deadline=datetime.date(2026, 12, 31),
    )
    w.tokens = {
        name: token_for(user) for name, user in vars(w.personas).items() if user is not None
    }
    return w


@pytest.fixture
def api_world(db):
    return build_api_world()


def client_for(world, persona: str) -> APIClient:
    """An API client holding ``persona``'s token (none for the anonymous persona)."""
    client = APIClient()
    if persona in world.tokens:
        client.credentials(HTTP_AUTHORIZATION=f"Token {world.tokens[persona]}")
    return client


@pytest.fixture
def api_as(api_world):
    """``api_as("province")``: an API client holding that persona's token."""
    return lambda persona: client_for(api_world, persona)
