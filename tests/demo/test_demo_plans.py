"""The demo's programme plan, as its users see it."""

import datetime

import pytest
from django.core.management import call_command

from ocop.accounts.models import User
from ocop.programme.models import Milestone, Plan, Target
from ocop.programme.selectors.progress import AT_RISK, DONE, OVERDUE, plan_progress

pytestmark = pytest.mark.django_db


@pytest.fixture
def demo(db):
    call_command("demo-data", "--no-reference", verbosity=0)


def test_the_demo_plan_is_loaded_once_with_a_unit_behind(demo):
    call_command("demo-data", "--no-reference", verbosity=0)
    plan = Plan.objects.get()
    assert plan.year == 2026 and plan.province.code == "25"
    assert Milestone.objects.count() == 4 and Target.objects.count() >= 4
    assert all(t.unit.era == "new" and t.unit.level == "commune" for t in Target.objects.all())
    late = plan_progress(plan, on=datetime.date(2026, 11, 30))
    assert any(row.status in (AT_RISK, OVERDUE) for row in late.units)
    assert not all(row.status == DONE for row in late.units)


@pytest.mark.parametrize("username", ["demo-province", "demo-commune", "demo-district"])
def test_demo_users_see_the_plan(client, demo, username):
    client.force_login(User.objects.get(username=username))
    plan = Plan.objects.get()
    assert client.get(f"/chuong-trinh/ke-hoach/{plan.public_code}/tien-do/").status_code == 200
    assert client.get("/chuong-trinh/don-vi/").status_code == 200


def test_the_second_province_does_not_see_the_plan(client, demo):
    client.force_login(User.objects.get(username="demo-province-2"))
    plan = Plan.objects.get()
    assert client.get(f"/chuong-trinh/ke-hoach/{plan.public_code}/").status_code == 404
