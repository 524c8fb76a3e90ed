"""A second province against the inspections and misuse cases of the first: every POST case of
tests/programme/matrix_cases_inspect.py, tried by Hà Nội's provincial office, changes none of
province A's plans, visits, findings, corrective actions or misuse cases."""

import pytest
from django.db import transaction
from django.forms.models import model_to_dict
from django.test import Client
from django.urls import reverse

from ocop.programme.models import (
    ChecklistEntry,
    CorrectiveAction,
    Finding,
    InspectionPlan,
    InspectionVisit,
    MisuseReport,
)
from tests.programme.matrix_cases_inspect import CASES
from tests.test_permission_matrix import world  # noqa: F401 - the matrix's world
from tests.test_second_province import province_b  # noqa: F401

pytestmark = pytest.mark.django_db

MODELS = (InspectionPlan, InspectionVisit, ChecklistEntry, Finding, CorrectiveAction, MisuseReport)
# the two creating doors (a new plan of B's own province, a public report) touch no record of A
CREATING = {"programme:misuse_report", "programme:inspection_plans"}
POSTS = [c for c in CASES if c.method == "post" and c.name not in CREATING]


def snapshot():
    state = {}
    for model in MODELS:
        for obj in model.objects.order_by("pk"):
            values = model_to_dict(obj)
            values.pop("updated_at", None)
            state[(model.__name__, obj.pk)] = repr(values)
    return state


@pytest.mark.parametrize("case", POSTS, ids=[c.label() for c in POSTS])
def test_province_b_changes_nothing_of_province_a(world, province_b, case):  # noqa: F811
    before = snapshot()
    assert before
    for persona, user in province_b.items():
        with transaction.atomic():
            client = Client()
            client.force_login(user)
            url = reverse(case.name, kwargs=case.kwargs(world) if case.kwargs else None)
            response = client.post(url, case.data(world) if case.data else {})
            after = snapshot()
            transaction.set_rollback(True)
        assert response.status_code in (403, 404), f"{persona} {url}: {response.status_code}"
        assert after == before, f"{persona} {url} changed a record"
