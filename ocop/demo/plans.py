"""The demo's programme plan: Phú Thọ's 2026 plan with targets for some of its communes
(the map after 1 July 2025), milestones, and one commune behind (the commune that now covers
the demo commune, Hàng Trạm, so that ``demo-commune`` sees it on its dashboard). The other
communes are asked for the one new producer each registers, so a demo loaded in the plan's
year shows them done beside the one behind.

Written through the programme's services as ``demo-admin``; running it again changes nothing.
"""

from __future__ import annotations

import datetime

from ocop.geo.models import AdminUnit, Era, Level
from ocop.programme.models import MilestoneKind, Plan
from ocop.programme.services.plans import milestone_add, milestone_mark, plan_create, targets_set

from .units import COMMUNES, DEMO_COMMUNE, unit
from .users import demo_admin

NUMBER = "45/KH-UBND (minh họa)"
YEAR = 2026


def _commune_now(old_code: str) -> AdminUnit | None:
    old = unit(Era.OLD, Level.COMMUNE, old_code)
    return AdminUnit.objects.filter(era=Era.NEW, path=old.current_path).first()


def load_plans(out: list[str]) -> None:
    province = unit(Era.NEW, Level.PROVINCE, "25")
    if Plan.objects.filter(province=province, year=YEAR, number=NUMBER).exists():
        out.append("programme plan: already there")
        return
    admin = demo_admin()
    plan = plan_create(
        actor=admin,
        province=province,
        year=YEAR,
        number=NUMBER,
        issued_on=datetime.date(YEAR, 1, 20),
        issuing_body="Ủy ban nhân dân tỉnh Phú Thọ",
        title="Kế hoạch thực hiện Chương trình Mỗi xã một sản phẩm năm 2026 (dữ liệu minh họa)",
    )
    behind = _commune_now(DEMO_COMMUNE)
    others = [_commune_now(code) for code in list(COMMUNES)[:4]]
    values = {}
    if behind is not None:
        values[(behind.pk, "new_products")] = 4
        values[(behind.pk, "upgrades")] = 1
        values[(behind.pk, "new_producers")] = 2
    for commune in others:  # on track: each registers one new producer in the year
        if commune is not None and commune != behind:
            values[(commune.pk, "new_producers")] = 1
    targets_set(actor=admin, plan=plan, values=values)
    for kind, day, title in [
        (MilestoneKind.DOSSIERS_FILED, datetime.date(YEAR, 6, 30), ""),
        (MilestoneKind.COMMUNE_REVIEW, datetime.date(YEAR, 7, 31), ""),
        (MilestoneKind.PROVINCIAL_EVALUATION, datetime.date(YEAR, 10, 30), ""),
        (MilestoneKind.OTHER, datetime.date(YEAR, 9, 15), "Tập huấn cán bộ xã về hồ sơ OCOP"),
    ]:
        stone = milestone_add(actor=admin, plan=plan, kind=kind, deadline=day, title=title)
        if kind == MilestoneKind.OTHER:
            milestone_mark(actor=admin, milestone=stone, done_on=datetime.date(YEAR, 9, 10))
    out.append(f"programme plan {NUMBER}: targets for {len(values)} commune measures")
