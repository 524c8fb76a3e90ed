"""Builders for evaluation tests: the real 26/2026 criteria set with sheet 14, forwarded
dossiers, a provincial round with a three-member council, and answer sets of a given total."""

from __future__ import annotations

import datetime
from decimal import Decimal
from functools import cache
from types import SimpleNamespace

import yaml
from django.core.files.base import ContentFile
from django.utils import timezone

from ocop.accounts.models import Role
from ocop.certificates.models import ReevaluationLink
from ocop.criteria.models import CriteriaSet, ProductSet
from ocop.criteria.sheet import DATA_DIR, Sheet, sheet_from_dict
from ocop.evaluation import services
from ocop.evaluation.models import CouncilMember, RoundLevel
from ocop.registry.models import Document, Dossier, DossierKind, DossierStatus, ProductStatus
from tests import factories as f

SHEET_FILE = DATA_DIR / "QD-26-2026-TTg" / "sheets" / "set-14-ruou-trang.yaml"


@cache
def sheet_data() -> dict:
    return yaml.safe_load(SHEET_FILE.read_text(encoding="utf-8"))


def sheet14() -> Sheet:
    return sheet_from_dict(sheet_data())


def criteria_2026() -> CriteriaSet:
    cset, _ = CriteriaSet.objects.get_or_create(
        code="QD-26-2026-TTg",
        defaults={
            "title_vi": "Quyết định 26/2026/QĐ-TTg",
            "issued_on": datetime.date(2026, 5, 22),
            "effective_from": datetime.date(2026, 5, 22),
            "has_sheets": True,
            "data_hash": "tests-set-14",
            "bands": sheet_data()["bands"],
        },
    )
    return cset


def set14() -> ProductSet:
    ps, _ = ProductSet.objects.get_or_create(
        criteria_set=criteria_2026(),
        number=14,
        defaults={"slug": "ruou-trang", "name_vi": "Rượu trắng", "sheet": sheet_data()},
    )
    return ps


def aware(day: datetime.date) -> datetime.datetime:
    return timezone.make_aware(datetime.datetime.combine(day, datetime.time(9)))


def dossier_for(
    product,
    *,
    kind=DossierKind.FIRST,
    status=DossierStatus.FORWARDED,
    filed=datetime.date(2026, 6, 1),
    previous=None,
) -> Dossier:
    """A dossier as the registry leaves it after submission (and the commune's forwarding)."""
    if product.status == ProductStatus.DRAFT:
        product.status = ProductStatus.SUBMITTED
        product.save(update_fields=["status"])
    dossier = Dossier.objects.create(
        product=product,
        kind=kind,
        status=status,
        submitted_at=aware(filed),
        forwarded_at=aware(filed + datetime.timedelta(days=10))
        if status == DossierStatus.FORWARDED
        else None,
    )
    if previous is not None:
        ReevaluationLink.objects.create(dossier=dossier, certificate=previous)
    return dossier


def document_in(dossier, *, title="Giấy chứng nhận an toàn thực phẩm", body=b"%PDF-1.4 ho so"):
    """A stored document of the dossier's producer, attached to the dossier."""
    document = Document(
        producer=dossier.product.producer,
        doc_type="food_safety",
        title=title,
        issued_on=datetime.date(2026, 1, 5),
        original_name="attp.pdf",
        content_type="application/pdf",
    )
    document.file.save("attp.pdf", ContentFile(body), save=False)
    document.save()
    dossier.documents.add(document)
    return document


def answers_with_total(target: int, sheet: Sheet | None = None) -> dict[str, str]:
    """Points per criterion adding up to ``target``, keeping star-minimum criteria at their
    best option as long as possible (so the band alone decides the stars)."""
    sheet = sheet or sheet14()
    chosen = {c.code: max(c.option_points) for c in sheet.criteria}
    total = sum(chosen.values(), Decimal(0))
    order = sorted(sheet.criteria, key=lambda c: (bool(c.minimums()), c.code))
    for crit in order:
        if total == target:
            break
        values = sorted(set(crit.option_points) | ({Decimal(0)} if crit.allows_none else set()))
        for value in values:
            if total - (chosen[crit.code] - value) >= target:
                total -= chosen[crit.code] - value
                chosen[crit.code] = value
                break
    assert total == target, f"cannot build answers for {target}"
    return {code: str(v) for code, v in chosen.items()}


def build_round(units, personas, *, members=3, level=RoundLevel.PROVINCE, year=2026, number=2):
    """A provincial round of Phú Thọ with a council: chair, secretary and plain members."""
    w = SimpleNamespace()
    w.manager = personas.province
    w.round = services.round_create(
        actor=w.manager,
        level=level,
        year=year,
        number=number,
        unit=units.phu_tho,
        criteria_set=criteria_2026(),
    )
    w.council = services.council_create(actor=w.manager, round_=w.round, name="Hội đồng tỉnh")
    positions = [CouncilMember.Position.CHAIR, CouncilMember.Position.SECRETARY]
    positions += [CouncilMember.Position.MEMBER] * max(0, members - 2)
    w.members = []
    for i, position in enumerate(positions[:members]):
        user = personas.council if i == 2 else f.UserFactory(username=f"member-{i}")
        if i != 2:
            f.grant(user, Role.COUNCIL_MEMBER, unit=units.phu_tho)
        w.members.append(
            services.council_member_add(
                actor=w.manager,
                council=w.council,
                user=user,
                position=position,
                department=f"Sở {i}",
            )
        )
    w.chair = w.members[0]
    return w


def score_all(w, enrolment, totals, *, submit=True):
    """The manager assigns every member; each member fills (and submits) a sheet of the given
    total. Returns the sheets."""
    sheets = []
    for member, total in zip(w.members, totals, strict=False):
        assignment = services.member_assign(actor=w.manager, enrolment=enrolment, member=member)
        sheet = assignment.sheet
        answers = answers_with_total(total)
        if submit:
            sheet = services.sheet_submit(
                actor=member.user, sheet=sheet, answers=answers, version=sheet.version
            )
        else:
            sheet = services.sheet_save_draft(
                actor=member.user, sheet=sheet, answers=answers, version=sheet.version
            )
        sheets.append(sheet)
    return sheets
