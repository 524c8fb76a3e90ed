"""Plans, targets and milestones through their services and pages."""

import datetime

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile

from ocop.core.audit import history_for
from ocop.core.exceptions import DomainError, PermissionDeniedError
from ocop.evaluation.models import Round, RoundLevel, RoundStatus
from ocop.programme.models import Milestone, MilestoneKind, Plan, Target
from ocop.programme.selectors.plans import plan_units, plans_visible_to
from ocop.programme.selectors.progress import milestone_states
from ocop.programme.services import plans as services
from tests.programme.plans_helpers import make_plan

D = datetime.date


def _create(actor, province, **kw):
    fields = {
        "year": 2026,
        "number": "12/KH-UBND",
        "issued_on": D(2026, 2, 1),
        "issuing_body": "UBND tỉnh Phú Thọ",
        "title": "Kế hoạch thực hiện Chương trình OCOP năm 2026",
    }
    return services.plan_create(actor=actor, province=province, **{**fields, **kw})


def test_province_officer_records_a_plan_with_its_text(personas, units):
    text = SimpleUploadedFile("ke-hoach.pdf", b"%PDF-1.4 body", content_type="application/pdf")
    plan = _create(personas.province, units.phu_tho, text=text)
    assert plan.deadline == D(2026, 12, 31)
    assert plan.text_name == "ke-hoach.pdf" and plan.text_type == "application/pdf"
    assert [e.action for e in history_for(plan)] == ["programme.plan.created"]


def test_a_text_that_is_not_a_pdf_is_refused(personas, units):
    fake = SimpleUploadedFile("ke-hoach.pdf", b"not a pdf")
    with pytest.raises(DomainError):
        _create(personas.province, units.phu_tho, text=fake)
    assert not Plan.objects.exists()


@pytest.mark.parametrize("persona", ["central", "department", "district", "commune", "producer"])
def test_only_a_province_officer_records_plans(personas, units, persona):
    with pytest.raises(PermissionDeniedError):
        _create(getattr(personas, persona), units.phu_tho)


def test_a_deadline_outside_the_year_is_refused(personas, units):
    with pytest.raises(DomainError) as error:
        _create(personas.province, units.phu_tho, deadline=D(2027, 1, 31))
    assert error.value.field == "deadline"


def test_targets_follow_the_map_of_the_plan_year(personas, units):
    plan = make_plan(units.phu_tho)
    assert set(plan_units(plan)) == {units.new_commune, units.new_commune_2}
    old_plan = make_plan(units.hoa_binh, year=2024)
    assert set(plan_units(old_plan)) == {units.yen_thuy, units.lac_son}
    with pytest.raises(DomainError):
        services.targets_set(
            actor=personas.province, plan=plan, values={(units.yen_thuy.pk, "new_products"): 2}
        )
    with pytest.raises(DomainError):
        services.targets_set(
            actor=personas.province, plan=plan, values={(units.hanoi_commune.pk, "new_products"): 2}
        )
    changed = services.targets_set(
        actor=personas.province,
        plan=plan,
        values={
            (units.new_commune.pk, "new_products"): 3,
            (units.new_commune_2.pk, "upgrades"): None,
        },
    )
    assert changed == 1
    services.targets_set(
        actor=personas.province, plan=plan, values={(units.new_commune.pk, "new_products"): 0}
    )
    assert not Target.objects.filter(plan=plan).exists()


def test_milestones_read_from_the_system(personas, units, product_set):
    plan = make_plan(units.phu_tho, targets=[(units.new_commune, "new_products", 1)])
    evaluation = services.milestone_add(
        actor=personas.province,
        plan=plan,
        kind=MilestoneKind.PROVINCIAL_EVALUATION,
        deadline=D(2026, 10, 30),
    )
    other = services.milestone_add(
        actor=personas.province,
        plan=plan,
        kind=MilestoneKind.OTHER,
        deadline=D(2026, 3, 1),
        title="Tập huấn",
    )
    states = {s.milestone.pk: s for s in milestone_states(plan, on=D(2026, 10, 31), targets={})}
    assert states[evaluation.pk].overdue and not states[evaluation.pk].done
    assert states[other.pk].overdue
    Round.objects.create(
        level=RoundLevel.PROVINCE,
        unit=units.phu_tho,
        year=2026,
        criteria_set=product_set.criteria_set,
        status=RoundStatus.CLOSED,
    )
    services.milestone_mark(actor=personas.province, milestone=other, done_on=D(2026, 2, 20))
    states = {s.milestone.pk: s for s in milestone_states(plan, on=D(2026, 10, 31), targets={})}
    assert states[evaluation.pk].done and not states[evaluation.pk].overdue
    assert states[other.pk].done
    services.milestone_remove(actor=personas.province, milestone=other)
    assert not Milestone.objects.filter(pk=other.pk).exists()


def test_who_reads_which_plans(personas, units):
    mine = make_plan(units.phu_tho)
    theirs = make_plan(units.hanoi, number="2/KH")
    assert set(plans_visible_to(personas.central)) == {mine, theirs}
    for name in ("province", "department", "district", "commune"):
        assert set(plans_visible_to(getattr(personas, name))) == {mine}, name
    for name in ("council", "producer"):
        assert not plans_visible_to(getattr(personas, name)).exists()


def test_the_commune_dashboard_shows_its_unit_behind(personas, units, client):
    make_plan(
        units.phu_tho,
        year=datetime.date.today().year,
        targets=[(units.new_commune, "new_products", 2), (units.new_commune_2, "new_products", 5)],
    )
    client.force_login(personas.commune)  # a former commune now part of Yên Trị
    page = client.get("/chuong-trinh/don-vi/").content.decode()
    assert "Xã Yên Trị" in page and "Xã Lạc Sơn" not in page


def test_the_pages_create_and_set_targets(personas, units, client):
    client.force_login(personas.province)
    response = client.post(
        "/chuong-trinh/ke-hoach/moi/",
        {
            "province": units.phu_tho.pk,
            "year": 2026,
            "number": "5/KH",
            "issued_on": "15/01/2026",
            "issuing_body": "UBND tỉnh",
            "title": "Kế hoạch 2026",
            "deadline": "30/11/2026",
        },
    )
    plan = Plan.objects.get()
    assert response.status_code == 302 and plan.deadline == D(2026, 11, 30)
    url = f"/chuong-trinh/ke-hoach/{plan.public_code}/chi-tieu/"
    assert "Xã Yên Trị" in client.get(url).content.decode()
    client.post(url, {f"t-{units.new_commune.pk}-new_products": "4"})
    assert Target.objects.get().value == 4
    export = client.get(f"/chuong-trinh/ke-hoach/{plan.public_code}/tien-do.xlsx")
    assert export.content[:2] == b"PK"
