"""On the demo's data, ``ocop plan progress``, the progress page and ``ocop report summary``
give the same number of new products for Phú Thọ in 2026 (decision 0080), after one demo
product recorded under Hàng Trạm (a commune merged into Xã Yên Thủy on 1 July 2025) is first
recognised by a 2026 decision."""

import datetime
import io
import json
import re

import pytest
from django.core.management import call_command
from django.urls import reverse

from ocop.accounts.models import User
from ocop.demo.notifications import _recognise
from ocop.demo.plans import _commune_now
from ocop.demo.producers import _product_set, spirit_cooperative
from ocop.demo.units import DEMO_COMMUNE
from ocop.demo.users import demo_admin
from ocop.programme.models import Plan
from ocop.registry import services

pytestmark = pytest.mark.django_db

DAY = datetime.date(2026, 12, 30)


def _json(*args) -> dict:
    out = io.StringIO()
    call_command(*args, stdout=out)
    return json.loads(out.getvalue())


@pytest.fixture
def demo_with_a_new_product(db):
    call_command("demo-data", "--no-reference", verbosity=0)
    admin = demo_admin()
    product = services.product_create(
        actor=admin,
        producer=spirit_cooperative(),
        fields={"name": "Rượu men lá thử nghiệm", "product_set": _product_set(14)},
    )
    _recognise(admin, product, 3, datetime.date(2029, 3, 15))  # issued 15/03/2026


def test_command_page_and_summary_count_the_same_new_products(client, demo_with_a_new_product):
    progress = _json(
        "plan", "progress", "--year", "2026", "--province", "25", "--on", DAY.isoformat()
    )
    summary = _json(
        "report", "summary", "--province", "25", "--year", "2026", "--on", DAY.isoformat()
    )
    new_products = progress["totals"]["actual"]["new_products"]
    assert new_products == 1
    assert new_products == summary["products"] - summary["upgrades"]
    assert progress["totals"]["actual"]["upgrades"] == summary["upgrades"]
    # the merged commune's product counts toward the commune that now covers it
    rows = {row["unit_code"]: row for row in progress["units"]}
    merged_into = _commune_now(DEMO_COMMUNE)
    assert rows[merged_into.code]["actual"]["new_products"] == 1

    client.force_login(User.objects.get(username="demo-province"))
    plan = Plan.objects.get(year=2026)
    page = client.get(
        reverse("programme:plan_progress", kwargs={"code": plan.public_code}),
        {"ngay": DAY.strftime("%d/%m/%Y")},
    ).content.decode()
    footer = re.search(r"<tfoot>(.*?)</tfoot>", page, re.S).group(1)
    cells = re.findall(r"<td>(\d+) / (\d+)</td>", footer)
    assert cells[0] == (str(progress["totals"]["target"]["new_products"]), str(new_products))
