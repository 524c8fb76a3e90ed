"""The programme's list pages cost the same number of queries for few rows or many, and page
through long lists."""

import datetime

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse

from ocop.programme.models import MisuseReport
from ocop.programme.services import inspections
from ocop.programme.services.misuse import misuse_report_submit
from tests import factories as f
from tests.programme.inspect_world import recognised_certificate

DAY = datetime.date(2026, 5, 4)


def _queries(client, url) -> int:
    with CaptureQueriesContext(connection) as ctx:
        assert client.get(url).status_code == 200
    return len(ctx.captured_queries)


def _cases(units, producer, product_set, n):
    for i in range(n):
        product = f.ProductFactory(producer=producer, product_set=product_set)
        recognised_certificate(units, product)
        misuse_report_submit(kind="fake", product_code=product.public_code, place=f"Chợ {i}")


def test_the_misuse_case_list_costs_the_same_for_few_or_many(
    client, units, personas, producer, product_set
):
    client.force_login(personas.province)
    url = reverse("programme:misuse_cases")
    _cases(units, producer, product_set, 1)
    _queries(client, url)
    few = _queries(client, url)
    _cases(units, producer, product_set, 5)
    assert _queries(client, url) == few


def _plan_with_visits(units, personas, producer, product_set, n, plan=None):
    plan = plan or inspections.inspection_plan_create(
        actor=personas.province, province=units.phu_tho, year=2026, title="Hậu kiểm 2026"
    )
    for _ in range(n):
        product = f.ProductFactory(producer=producer, product_set=product_set)
        recognised_certificate(units, product)
        inspections.inspection_visit_add(
            actor=personas.province,
            plan=plan,
            product=product,
            planned_on=DAY,
            inspectors=[personas.department, personas.province],
        )
    return plan


def test_the_inspection_lists_cost_the_same_for_few_or_many(
    client, units, personas, producer, product_set
):
    client.force_login(personas.province)
    plan = _plan_with_visits(units, personas, producer, product_set, 1)
    plans_url = reverse("programme:inspection_plans")
    plan_url = reverse("programme:inspection_plan", kwargs={"code": plan.public_code})
    _queries(client, plans_url)
    few = (_queries(client, plans_url), _queries(client, plan_url))
    _plan_with_visits(units, personas, producer, product_set, 5, plan=plan)
    for year in (2024, 2025):
        inspections.inspection_plan_create(
            actor=personas.province, province=units.phu_tho, year=year, title=f"Hậu kiểm {year}"
        )
    assert (_queries(client, plans_url), _queries(client, plan_url)) == few


@pytest.mark.parametrize("size", [50])
def test_the_misuse_case_list_pages_through(client, units, personas, size):
    MisuseReport.objects.bulk_create(
        MisuseReport(kind="other", unit=units.phu_tho, place=f"Chợ {i}") for i in range(size + 3)
    )
    client.force_login(personas.province)
    url = reverse("programme:misuse_cases")
    first = client.get(url).content.decode()
    assert first.count("/chuong-trinh/phan-anh/vu-viec/PA") == size
    assert "trang=2" in first
    second = client.get(url + "?trang-thai=received&trang=2").content.decode()
    assert second.count("/chuong-trinh/phan-anh/vu-viec/PA") == 3
