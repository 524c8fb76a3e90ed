"""Province B (Hà Nội) against province A's training, support and follow-up records, through
every write door of those pages (the POST cases of tests/programme/matrix_cases_followup.py)."""

from __future__ import annotations

import pytest
from django.db import transaction
from django.forms.models import model_to_dict
from django.test import Client
from django.urls import reverse

from ocop.programme.models import (
    FundingSource,
    ResponsibleOfficer,
    SupportAllocation,
    TrainingAttendee,
    TrainingSession,
    UnitReport,
)
from tests.programme.matrix_cases_followup import CASES as FOLLOWUP_CASES
from tests.test_permission_matrix import world  # noqa: F401 - the matrix's world
from tests.test_second_province import province_b  # noqa: F401

pytestmark = pytest.mark.django_db

POST_CASES = [case for case in FOLLOWUP_CASES if case.method == "post"]
MODELS = (
    TrainingSession,
    TrainingAttendee,
    FundingSource,
    SupportAllocation,
    ResponsibleOfficer,
    UnitReport,
)


def snapshot() -> dict:
    state = {}
    for model in MODELS:
        for obj in model.objects.order_by("pk"):
            values = model_to_dict(obj)
            values.pop("updated_at", None)
            state[(model.__name__, obj.pk)] = values
    return state


@pytest.mark.parametrize("case", POST_CASES, ids=[c.label() for c in POST_CASES])
def test_no_followup_form_of_province_b_changes_province_a(world, province_b, case):  # noqa: F811
    before = snapshot()
    assert before, "the world holds programme records of province A"
    problems = []
    for persona, user in province_b.items():
        with transaction.atomic():
            client = Client()
            client.force_login(user)
            url = reverse(case.name, kwargs=case.kwargs(world) if case.kwargs else None)
            response = client.post(url, case.data(world) if case.data else {})
            after = snapshot()
            transaction.set_rollback(True)
        if response.status_code >= 500:
            problems.append(f"{persona} POST {url}: {response.status_code}")
        # refused: out of sight (404), not theirs (403), or the form shown again with its errors
        if response.status_code not in (200, 403, 404):
            problems.append(f"{persona} POST {url}: {response.status_code}, not a refusal")
        problems += [
            f"{persona} POST {url} changed {key}" for key in before if after[key] != before[key]
        ]
        problems += [f"{persona} POST {url} added {key}" for key in after if key not in before]
    assert not problems, "\n".join(problems)
