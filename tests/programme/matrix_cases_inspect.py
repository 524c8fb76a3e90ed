"""Permission-matrix cases for inspections (/chuong-trinh/hau-kiem/) and misuse reports
(/chuong-trinh/phan-anh/). The world gains a plan of province A with a visit to the recognised
product, assigned to the sector department, with a finding and a corrective action, and a
misuse case routed to the producer's commune."""

import datetime

from ocop.programme.models import (
    CorrectiveAction,
    Finding,
    InspectionPlan,
    InspectionVisit,
    MisuseReport,
    VisitStatus,
)
from tests.matrix import LOGIN, Case, everyone

DAY = datetime.date(2026, 5, 4)


def extend_world(w):
    w.inspection_plan = InspectionPlan.objects.create(
        year=2026, province=w.units.phu_tho, title="Hậu kiểm 2026"
    )
    w.visit = InspectionVisit.objects.create(
        plan=w.inspection_plan,
        product=w.recognised_product,
        planned_on=DAY,
        status=VisitStatus.FINDINGS_RECORDED,
    )
    w.visit.inspectors.add(w.personas.department)
    w.finding = Finding.objects.create(visit=w.visit, text="Nhãn sai")
    w.action = CorrectiveAction.objects.create(visit=w.visit, description="In lại", deadline=DAY)
    w.misuse = MisuseReport.objects.create(kind="fake", unit=w.units.phu_lai, place="Chợ")


def plan(w):
    return {"code": w.inspection_plan.public_code}


def visit(w):
    return {"code": w.visit.public_code}


def case(w):
    return {"code": w.misuse.code}


# Visits: the planner (province office, admin), the central office reads, the assigned
# inspector (department) works; everyone else 404, anonymous to the login page.
VISIT_SEES = {**everyone(404), "anonymous": LOGIN, "admin": 200, "central": 200,
              "province": 200, "department": 200}  # fmt: skip
PLAN_SEES = VISIT_SEES
WORKS = {**VISIT_SEES, "central": 403}
PLANS = {**VISIT_SEES, "department": 403, "central": 403}
# Cases: officials whose unit covers the commune see them; the province office works them.
CASE_SEES = {**everyone(200), "anonymous": LOGIN, "council": 404, "producer": 404}
CASE_WORKS = {**everyone(403), "anonymous": LOGIN, "council": 404, "producer": 404,
              "admin": 302, "province": 302}  # fmt: skip

CASES = [
    Case("programme:inspection_plans", expect={"anonymous": LOGIN}),
    Case(
        "programme:inspection_plans",
        method="post",
        data=lambda w: {"province": w.units.hanoi.pk, "year": 2026, "title": "x"},
        id="programme:inspection_plans POST",
        # a planner sees the form again (the province is not theirs); others may not plan
        expect={**everyone(403), "anonymous": LOGIN, "admin": 302, "province": 200},
    ),
    Case("programme:inspection_plan", kwargs=plan, expect=PLAN_SEES),
    Case(
        "programme:inspection_select",
        kwargs=plan,
        method="post",
        data=lambda w: {
            "rule": "second_year",
            "day": "04/05/2026",
            "planned_on": "04/05/2026",
            "inspectors": [w.personas.department.pk],
        },  # fmt: skip
        expect={**PLANS, "admin": 302, "province": 302},
    ),
    Case(
        "programme:inspection_visit_add",
        kwargs=plan,
        expect={**PLANS, "admin": 200, "province": 200},
    ),
    Case("programme:inspection_visit", kwargs=visit, expect=VISIT_SEES),
    Case(
        "programme:inspection_start",
        kwargs=visit,
        method="post",
        expect={**WORKS, "admin": 302, "province": 302, "department": 302},
    ),
    Case(
        "programme:inspection_checklist",
        kwargs=visit,
        method="post",
        data=lambda w: {"result_labels": "pass"},
        expect={**WORKS, "admin": 302, "province": 302, "department": 302},
    ),
    Case(
        "programme:inspection_finding",
        kwargs=visit,
        method="post",
        data=lambda w: {"text": "Thiếu hồ sơ"},
        expect={**WORKS, "admin": 302, "province": 302, "department": 302},
    ),
    Case(
        "programme:inspection_finding_file",
        kwargs=lambda w: {**visit(w), "finding": w.finding.pk},
        # the finding has no file: 404 even for those who see the visit
        expect={**VISIT_SEES, **dict.fromkeys(["admin", "central", "province", "department"], 404)},
    ),
    Case(
        "programme:inspection_action",
        kwargs=visit,
        method="post",
        data=lambda w: {"description": "Bổ sung", "deadline": "30/06/2026"},
        expect={**WORKS, "admin": 302, "province": 302, "department": 302},
    ),
    Case(
        "programme:inspection_action_move",
        kwargs=lambda w: {**visit(w), "action": w.action.pk},
        method="post",
        data=lambda w: {"status": "done", "follow_up": "Đã làm"},
        expect={**WORKS, "admin": 302, "province": 302, "department": 302},
    ),
    Case("programme:inspection_close", kwargs=visit, expect=WORKS),
    Case("programme:misuse_report", default=200),
    Case(
        "programme:misuse_report",
        method="post",
        data=lambda w: {"kind": "fake", "unit": w.units.phu_tho.pk, "place": "Chợ"},
        id="programme:misuse_report POST",
        default=302,
    ),
    Case("programme:misuse_status", default=200),
    Case("programme:misuse_cases", expect={"anonymous": LOGIN}),
    Case("programme:misuse_case", kwargs=case, expect=CASE_SEES),
    Case(
        "programme:misuse_case_move",
        kwargs=case,
        method="post",
        data=lambda w: {"status": "checking"},
        expect=CASE_WORKS,
    ),
    Case(
        "programme:misuse_case_photo",
        kwargs=case,
        # no photo: 404 for all who see the case
        expect={**CASE_SEES, **{k: 404 for k, v in CASE_SEES.items() if v == 200}},
    ),
]
