"""Permission-matrix cases for the plan pages under /chuong-trinh/: a 2026 plan of Phú Thọ
(with its text and a milestone) and a plan of Hà Nội that only central users may read."""

import datetime

from django.core.files.base import ContentFile

from ocop.programme.models import Milestone, MilestoneKind
from tests.matrix import LOGIN, Case
from tests.programme.plans_helpers import make_plan

READ = {"anonymous": LOGIN, "council": 404, "producer": 404}
FOREIGN = {**dict.fromkeys(["province", "department", "district", "commune"], 404), **READ}
MANAGE = {
    **READ,
    **dict.fromkeys(["central", "department", "district", "commune"], 403),
}
MANAGE_POST = {**MANAGE, "admin": 302, "province": 302}
OFFICIALS_ONLY = {"anonymous": LOGIN, "council": 403, "producer": 403}


def extend_world(w):
    w.plan = make_plan(
        w.units.phu_tho,
        targets=[
            (w.units.new_commune, "new_products", 2),
            (w.units.new_commune_2, "new_products", 1),
        ],
    )
    w.plan.text.save("plan.pdf", ContentFile(b"%PDF-1.4 plan"), save=False)
    w.plan.text_name, w.plan.text_type = "ke-hoach.pdf", "application/pdf"
    w.plan.save()
    w.milestone = Milestone.objects.create(
        plan=w.plan, kind=MilestoneKind.PROVINCIAL_EVALUATION, deadline=datetime.date(2026, 10, 30)
    )
    w.foreign_plan = make_plan(w.units.hanoi, number="99/KH-UBND")


def plan(w):
    return {"code": w.plan.public_code}


def foreign(w):
    return {"code": w.foreign_plan.public_code}


def stone(w):
    return {"code": w.plan.public_code, "pk": w.milestone.pk}


CASES = [
    Case("programme:plan_list", expect=OFFICIALS_ONLY),
    Case("programme:plan_dashboard", expect=OFFICIALS_ONLY),
    Case(
        "programme:plan_create",
        expect={
            **OFFICIALS_ONLY,
            **dict.fromkeys(["central", "department", "district", "commune"], 403),
        },
    ),
    Case("programme:plan_detail", kwargs=plan, expect=READ),
    Case("programme:plan_detail", kwargs=foreign, expect=FOREIGN, id="plan_detail-foreign"),
    Case("programme:plan_text", kwargs=plan, expect=READ),
    Case("programme:plan_progress", kwargs=plan, expect=READ),
    Case("programme:plan_progress", kwargs=foreign, expect=FOREIGN, id="plan_progress-foreign"),
    Case("programme:plan_progress_export", kwargs=plan, expect=READ),
    Case("programme:plan_edit", kwargs=plan, expect=MANAGE),
    Case("programme:plan_targets", kwargs=plan, expect=MANAGE),
    Case(
        "programme:plan_targets",
        kwargs=plan,
        method="post",
        data=lambda w: {f"t-{w.units.new_commune.pk}-upgrades": "1"},
        expect=MANAGE_POST,
        id="plan_targets-post",
    ),
    Case(
        "programme:plan_milestone_add",
        kwargs=plan,
        method="post",
        data=lambda w: {"kind": "dossiers_filed", "deadline": "30/06/2026"},
        expect=MANAGE_POST,
    ),
    Case(
        "programme:plan_milestone_mark",
        kwargs=stone,
        method="post",
        data=lambda w: {"done": "1"},
        expect=MANAGE_POST,
    ),
    Case("programme:plan_milestone_remove", kwargs=stone, method="post", expect=MANAGE_POST),
    Case(
        "programme:plan_edit",
        kwargs=foreign,
        expect={**FOREIGN, "central": 403},
        id="plan_edit-foreign",
    ),
]
