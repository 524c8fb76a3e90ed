"""Demo of training, support and follow-up by units: a training session of the Yên Thủy
district with its attendance, a funding source with an approved allocation to the rice-spirit
cooperative, responsible officers, and a unit report submitted by demo-commune that waits for
demo-province's answer. Everything goes through the programme's services; running it again
changes nothing."""

from __future__ import annotations

import datetime

from ocop.accounts.models import Role, User
from ocop.geo.models import Era, Level
from ocop.programme.models import (
    AllocationStatus,
    FundingKind,
    FundingSource,
    PeriodKind,
    ResponsibleOfficer,
    SupportAllocation,
    TrainingSession,
    UnitReport,
)
from ocop.programme.services import followup, support, training
from ocop.registry.models import Product

from .producers import spirit_cooperative
from .units import DEMO_COMMUNE, unit

TRAINING_TOPIC = "Tập huấn hoàn thiện hồ sơ và câu chuyện sản phẩm OCOP (minh họa)"
SOURCE_NAME = "Kinh phí Chương trình OCOP của tỉnh năm 2026 (minh họa)"


def _user(username: str) -> User:
    return User.objects.get(username=username)


def _training(district, officer, commune_user, producer) -> str:
    if TrainingSession.objects.filter(topic=TRAINING_TOPIC).exists():
        return "training: already there"
    session = training.training_create(
        actor=officer,
        topic=TRAINING_TOPIC,
        organiser=district,
        starts_on=datetime.date(2025, 3, 18),
        ends_on=datetime.date(2025, 3, 19),
        place="Hội trường UBND huyện Yên Thủy (minh họa)",
        trainers="Chuyên gia Văn phòng Điều phối nông thôn mới tỉnh (minh họa)",
        notes="Nội dung: hồ sơ minh chứng, bao bì nhãn mác, truy xuất nguồn gốc.",
    )
    role = commune_user.roles.get(role=Role.COMMUNE_OFFICER)
    invited = training.training_invite(
        actor=officer, session=session, role_ids=[role.pk], producer_ids=[producer.pk]
    )
    training.training_mark_attendance(
        actor=officer, session=session, present_ids=[a.pk for a in invited]
    )
    return f"training: 1 session, {len(invited)} attendees present"


def _support(province, office, commune_user, producer) -> str:
    source = FundingSource.objects.filter(name=SOURCE_NAME).first()
    if source is None:
        source = support.source_create(
            actor=office,
            kind=FundingKind.PROVINCIAL,
            name=SOURCE_NAME,
            year=2026,
            amount=800_000_000,
            unit=province,
            notes="Hỗ trợ thiết kế bao bì, tem truy xuất và xúc tiến thương mại.",
        )
    if not SupportAllocation.objects.filter(source=source).exists():
        product = Product.objects.filter(producer=producer, name="Rượu ngô men lá").first()
        allocation = support.allocation_propose(
            actor=commune_user,
            source=source,
            producer=producer,
            product=product,
            amount=45_000_000,
            purpose="Thiết kế lại bao bì, in tem truy xuất nguồn gốc để nâng hạng lên 4 sao.",
            starts_on=datetime.date(2026, 3, 1),
            ends_on=datetime.date(2026, 12, 31),
        )
        support.allocation_move(actor=office, allocation=allocation, to=AllocationStatus.APPROVED)
    return "support: 1 funding source, 1 approved allocation"


def _officers(office, district_user, commune_user, commune, producer) -> str:
    if not ResponsibleOfficer.objects.filter(unit=commune, ended_on__isnull=True).exists():
        followup.officer_assign(actor=office, officer=district_user, unit=commune)
    product = Product.objects.filter(producer=producer).order_by("pk").first()
    if not ResponsibleOfficer.objects.filter(product=product, ended_on__isnull=True).exists():
        followup.officer_assign(actor=office, officer=commune_user, product=product)
    return "responsible officers: one for Hàng Trạm, one for a product"


def _report(commune, commune_user) -> str:
    period = {"year": 2026, "period_kind": PeriodKind.QUARTER, "period": 3}
    if not UnitReport.objects.filter(unit=commune, **period).exists():
        report = followup.report_create(actor=commune_user, unit=commune, **period)
        followup.report_update(
            actor=commune_user,
            report=report,
            difficulties="Một số chủ thể chưa có tem truy xuất nguồn gốc; bao bì chưa đồng bộ.",
            proposals="Đề nghị tỉnh hỗ trợ thiết kế bao bì và mở lớp tập huấn về truy xuất.",
        )
        followup.report_submit(actor=commune_user, report=report)
    return "unit report: Hàng Trạm, quarter 3 of 2026, waiting for demo-province"


def load_followup(out: list[str]) -> None:
    office = _user("demo-province")
    district_user = _user("demo-district")
    commune_user = _user("demo-commune")
    producer = spirit_cooperative()
    province = unit(Era.NEW, Level.PROVINCE, "25")
    district = district_user.roles.get(role=Role.DISTRICT_OFFICER).unit
    commune = unit(Era.OLD, Level.COMMUNE, DEMO_COMMUNE)
    out.append(_training(district, district_user, commune_user, producer))
    out.append(_support(province, office, commune_user, producer))
    out.append(_officers(office, district_user, commune_user, commune, producer))
    out.append(_report(commune, commune_user))
