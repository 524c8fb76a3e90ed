"""Permission-matrix cases of training, support and follow-up by units (/chuong-trinh/)."""

from __future__ import annotations

import datetime

from ocop.programme.models import (
    AllocationStatus,
    AttendeeKind,
    FundingKind,
    FundingSource,
    PeriodKind,
    ReportStatus,
    ResponsibleOfficer,
    SupportAllocation,
    TrainingAttendee,
    TrainingSession,
    UnitReport,
)
from tests.matrix import LOGIN, Case


def extend_world(w):
    u = w.units
    w.session = TrainingSession.objects.create(
        topic="Tập huấn xây dựng hồ sơ OCOP",
        organiser=u.yen_thuy,
        starts_on=datetime.date(2025, 5, 12),
        ends_on=datetime.date(2025, 5, 13),
        place="Hội trường huyện",
        trainers="Chuyên gia của Sở",
    )
    w.attendee = TrainingAttendee.objects.create(
        session=w.session, kind=AttendeeKind.PRODUCER, producer=w.producer, unit=u.phu_lai
    )
    w.source = FundingSource.objects.create(
        kind=FundingKind.PROVINCIAL,
        name="Ngân sách tỉnh",
        year=2026,
        amount=500_000_000,
        unit=u.phu_tho,
    )
    w.allocation = SupportAllocation.objects.create(
        source=w.source,
        producer=w.producer,
        product=w.product,
        amount=50_000_000,
        purpose="Thiết kế bao bì",
        starts_on=datetime.date(2026, 3, 1),
    )
    w.assignment = ResponsibleOfficer.objects.create(
        unit=u.new_commune, officer=w.personas.commune, started_on=datetime.date(2026, 1, 1)
    )
    reports = {}
    for period, status in (
        (1, ReportStatus.ANSWERED),
        (2, ReportStatus.DRAFT),
        (3, ReportStatus.SUBMITTED),
    ):
        reports[status] = UnitReport.objects.create(
            unit=u.phu_lai,
            year=2025,
            period_kind=PeriodKind.QUARTER,
            period=period,
            status=status,
            filed_by=w.personas.commune,
        )
    w.answered_report = reports[ReportStatus.ANSWERED]
    w.draft_report = reports[ReportStatus.DRAFT]
    w.submitted_report = reports[ReportStatus.SUBMITTED]


NOT_READERS = {"anonymous": LOGIN, "council": 403, "producer": 403}
# records of the Yên Thủy district (training), of Phú Thọ (the source, a 2025 commune)
DISTRICT_RECORD = {**NOT_READERS, "commune": 404}
PROVINCE_RECORD = {**NOT_READERS, "district": 404, "commune": 404}


def session(w):
    return {"code": w.session.public_code}


def source(w):
    return {"code": w.source.public_code}


def allocation(w):
    return {"code": w.allocation.public_code}


def draft(w):
    return {"code": w.draft_report.public_code}


CASES = [
    Case("programme:training_list", expect=NOT_READERS),
    Case("programme:training_create", expect={**NOT_READERS, "central": 403}),
    Case("programme:training_detail", expect=DISTRICT_RECORD, kwargs=session),
    Case("programme:training_edit", expect={**DISTRICT_RECORD, "central": 403}, kwargs=session),
    Case(
        "programme:training_invite",
        method="post",
        kwargs=session,
        data=lambda w: {"producers": [w.other_producer.pk]},
        expect={**DISTRICT_RECORD, "central": 403},
        default=302,
    ),
    Case(
        "programme:training_attendance",
        method="post",
        kwargs=session,
        data=lambda w: {"present": [w.attendee.pk]},
        expect={**DISTRICT_RECORD, "central": 403},
        default=302,
    ),
    Case("programme:support_index", expect=NOT_READERS),
    Case(
        "programme:source_create",
        expect={**NOT_READERS, "central": 403, "department": 403, "district": 403, "commune": 403},
    ),
    Case("programme:source_detail", expect=PROVINCE_RECORD, kwargs=source),
    Case(
        "programme:source_edit",
        expect={**PROVINCE_RECORD, "central": 403, "department": 403},
        kwargs=source,
    ),
    Case("programme:allocation_create", expect={**NOT_READERS, "central": 403}),
    Case("programme:allocation_detail", expect=NOT_READERS, kwargs=allocation),
    Case(
        "programme:allocation_move",
        method="post",
        kwargs=allocation,
        data=lambda w: {"to": AllocationStatus.APPROVED},
        expect={**NOT_READERS, "central": 403, "department": 403, "district": 403, "commune": 403},
        default=302,
    ),
    Case("programme:officer_list", expect=NOT_READERS),
    Case(
        "programme:officer_assign",
        method="post",
        data=lambda w: {"unit": w.units.new_commune_2.pk, "officer": w.personas.commune.pk},
        expect={**NOT_READERS, "central": 403, "department": 403, "district": 403, "commune": 403},
        default=302,
    ),
    Case(
        "programme:officer_end",
        method="post",
        kwargs=lambda w: {"pk": w.assignment.pk},
        expect={**PROVINCE_RECORD, "central": 403, "department": 403},
        default=302,
    ),
    Case("programme:report_list", expect=NOT_READERS),
    Case("programme:report_create", expect={**NOT_READERS, "admin": 403, "central": 403}),
    Case("programme:report_detail", expect=NOT_READERS, kwargs=draft),
    Case(
        "programme:report_edit",
        method="post",
        kwargs=draft,
        data=lambda w: {"difficulties": "Thiếu vốn", "proposals": "Hỗ trợ bao bì"},
        expect={**NOT_READERS, "central": 403, "province": 403, "department": 403, "district": 403},
        default=302,
    ),
    Case(
        "programme:report_submit",
        method="post",
        kwargs=draft,
        expect={**NOT_READERS, "central": 403, "province": 403, "department": 403, "district": 403},
        default=302,
    ),
    Case(
        "programme:report_answer",
        method="post",
        kwargs=lambda w: {"code": w.submitted_report.public_code},
        data=lambda w: {"answer": "Đề nghị xã hoàn thiện hồ sơ"},
        expect={**NOT_READERS, "central": 403, "department": 403, "commune": 403},
        default=302,
    ),
    Case(
        "programme:report_close",
        method="post",
        kwargs=lambda w: {"code": w.answered_report.public_code},
        expect={**NOT_READERS, "central": 403, "department": 403},
        default=302,
    ),
    Case("programme:report_docx", expect=NOT_READERS, kwargs=draft),
    Case("programme:report_xlsx", expect=NOT_READERS, kwargs=draft),
]
