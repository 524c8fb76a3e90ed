"""Demo of inspections after recognition and of misuse reports: a plan of Phú Thọ with one
visit to a recognised demo product, assigned to demo-department, with a finding and a
corrective action; and one misuse report received for the province, for demo-province.
Idempotent: a plan with the demo title is made once, the report once."""

from __future__ import annotations

import datetime

from django.utils import timezone

from ocop.accounts.models import User
from ocop.accounts.scope import unit_q
from ocop.certificates.selectors import certificates_valid_in_force
from ocop.geo.models import Era, Level
from ocop.programme.models import CheckResult, InspectionPlan, MisuseKind, MisuseReport
from ocop.programme.services import inspections as services
from ocop.programme.services.misuse import misuse_report_submit

from .units import unit

PLAN_TITLE = "Kế hoạch hậu kiểm sản phẩm OCOP (minh họa)"
REPORT_PLACE = "Quầy đặc sản ở chợ trung tâm (minh họa)"


def load_inspections(out: list[str]) -> None:
    province = unit(Era.NEW, Level.PROVINCE, "25")
    planner = User.objects.get(username="demo-province")
    inspector = User.objects.get(username="demo-department")
    today = timezone.localdate()
    if not InspectionPlan.objects.filter(title=PLAN_TITLE).exists():
        certificate = (
            certificates_valid_in_force(today)
            .filter(unit_q([province.path], "product__origin_unit__", "product__province__"))
            .select_related("product")
            .order_by("issued_on", "pk")
            .first()
        )
        plan = services.inspection_plan_create(
            actor=planner, province=province, year=today.year, title=PLAN_TITLE
        )
        if certificate is not None:
            visit = services.inspection_visit_add(
                actor=planner,
                plan=plan,
                product=certificate.product,
                planned_on=today - datetime.timedelta(days=7),
                inspectors=[inspector],
            )
            services.inspection_visit_start(
                actor=inspector, visit=visit, visited_on=visit.planned_on
            )
            services.inspection_checklist_record(
                actor=inspector,
                visit=visit,
                entries={
                    "raw_materials": (CheckResult.PASS, ""),
                    "labels": (
                        CheckResult.FAIL,
                        "Nhãn chưa ghi hạn của giấy chứng nhận (minh họa)",
                    ),
                },
            )
            services.inspection_finding_add(
                actor=inspector,
                visit=visit,
                text="Một lô bao bì in biểu trưng OCOP không ghi số sao (minh họa).",
            )
            services.corrective_action_add(
                actor=inspector,
                visit=visit,
                description="In lại nhãn đúng số sao được công nhận (minh họa).",
                deadline=today + datetime.timedelta(days=30),
            )
        out.append(f"Inspection plan: {plan.title}")
    if not MisuseReport.objects.filter(place=REPORT_PLACE).exists():
        report = misuse_report_submit(
            kind=MisuseKind.EXPIRED,
            unit=province,
            place=REPORT_PLACE,
            seller="Hộ kinh doanh bán lẻ (minh họa)",
            description="Gói trà in nhãn OCOP 4 sao, giấy chứng nhận đã hết hạn (minh họa).",
        )
        out.append(f"Misuse report: {report.code}")
