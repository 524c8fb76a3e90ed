"""The demo's programme events reach the right users, its plan has one unit behind, and
Phú Thọ's figures are in the national roll-up for demo-admin."""

import pytest
from django.core.management import call_command
from django.urls import reverse
from django.utils import timezone

from ocop.accounts.models import User
from ocop.demo.plans import _commune_now
from ocop.demo.units import DEMO_COMMUNE
from ocop.notifications.models import Notification
from ocop.programme.models import Plan, ProvinceProgress
from ocop.programme.selectors.progress import DONE, plan_progress

pytestmark = pytest.mark.django_db


@pytest.fixture
def demo(db):
    call_command("demo-data", "--no-reference", verbosity=0)


def _kinds(username: str) -> set[str]:
    return set(
        Notification.objects.filter(recipient__username=username).values_list("kind", flat=True)
    )


def test_programme_events_reach_those_who_act_next(demo):
    assert {"misuse_report_received", "unit_report_submitted"} <= _kinds("demo-province")
    assert "inspection_visit_assigned" in _kinds("demo-department")
    assert "unit_report_submitted" in _kinds("demo-district")
    assert "unit_report_submitted" not in _kinds("demo-commune")  # it filed the report
    assert not _kinds("demo-province-2")


def test_one_unit_behind_the_others_done(demo):
    plan = Plan.objects.get(year=2026)
    today = timezone.localdate()
    if today.year != plan.year:  # the others' new producers are registered on the load day
        pytest.skip("the demo's plan shows its statuses when loaded in the plan's year")
    rows = plan_progress(plan, on=today).units
    behind = [row for row in rows if row.status != DONE]
    assert [row.unit for row in behind] == [_commune_now(DEMO_COMMUNE)]


def test_the_national_table_shows_the_pushed_figures(client, demo):
    call_command("demo-data", "--no-reference", verbosity=0)  # pushing again changes nothing
    figures = ProvinceProgress.objects.filter(year=2026, province__code="25")
    assert {f.measure for f in figures} == {"new_products", "upgrades", "new_producers"}
    assert figures.get(measure="new_products").target == 4
    client.force_login(User.objects.get(username="demo-admin"))
    page = client.get(reverse("reports:index"), {"nam": "2026"}).content.decode()
    assert "Chỉ tiêu chương trình do các tỉnh gửi năm 2026" in page
    assert "45/KH-UBND (minh họa)" in page
    client.force_login(User.objects.get(username="demo-province-2"))
    page = client.get(reverse("reports:index"), {"nam": "2026"}).content.decode()
    assert "Chỉ tiêu chương trình do các tỉnh gửi" not in page
