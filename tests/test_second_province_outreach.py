"""A second province against the first through every door of the fairs and news: Hà Nội's
provincial office and producer find none of Phú Thọ's hidden events, drafts or covers (404),
may not act on its public events (403), and change none of its outreach records."""

from __future__ import annotations

import pytest
from django.db import transaction
from django.forms.models import model_to_dict
from django.test import Client
from django.urls import reverse

from ocop.accounts.models import Role
from ocop.outreach.models import Fair, Participation, Post
from tests import factories as f
from tests.outreach.matrix_cases import CASES
from tests.test_permission_matrix import world  # noqa: F401 - the matrix's world

pytestmark = pytest.mark.django_db

POST_CASES = [case for case in CASES if case.method == "post"]
# pages of province A that only its own people may open
HIDDEN_PAGES = [
    ("outreach:fair_manage", lambda w: {"code": w.private_fair.public_code}),
    ("outreach:fair_edit", lambda w: {"code": w.private_fair.public_code}),
    (
        "outreach:participation_results",
        lambda w: {"code": w.private_fair.public_code, "entry": w.private_entry.pk},
    ),
    ("outreach:fair_detail", lambda w: {"code": w.private_fair.public_code}),
    ("outreach:post_manage", lambda w: {"code": w.draft.public_code}),
    ("outreach:post_edit", lambda w: {"code": w.draft.public_code}),
    ("outreach:post_manage", lambda w: {"code": w.submitted.public_code}),
    ("outreach:post_cover", lambda w: {"code": w.draft.public_code}),
    ("outreach:post_detail", lambda w: {"slug": w.draft.slug}),
]


@pytest.fixture
def province_b(world):  # noqa: F811 - the fixture imported above
    officer = f.UserFactory(username="b-province")
    f.grant(officer, Role.PROVINCE_OFFICE, unit=world.units.hanoi)
    producer = f.UserFactory(username="b-producer")
    f.grant(producer, Role.PRODUCER, producer=world.foreign_producer)
    return {"officer_b": officer, "producer_b": producer}


def snapshot_a() -> dict:
    state = {}
    for model in (Fair, Participation, Post):
        for obj in model.objects.order_by("pk"):
            values = model_to_dict(obj, exclude=["products", "units", "cover"])
            state[(model.__name__, obj.pk)] = values
    return state


@pytest.mark.parametrize("name, kwargs", HIDDEN_PAGES, ids=[p[0] for p in HIDDEN_PAGES])
def test_province_b_finds_none_of_province_as_hidden_pages(
    world,  # noqa: F811
    province_b,
    name,
    kwargs,
):
    url = reverse(name, kwargs=kwargs(world))
    for persona, user in province_b.items():
        client = Client()
        client.force_login(user)
        assert client.get(url).status_code == 404, f"{persona} GET {url}"


@pytest.mark.parametrize("case", POST_CASES, ids=[c.label() for c in POST_CASES])
def test_no_outreach_form_of_province_b_changes_province_a(world, province_b, case):  # noqa: F811
    before = snapshot_a()
    assert before
    problems = []
    for persona, user in province_b.items():
        with transaction.atomic():
            client = Client()
            client.force_login(user)
            url = reverse(case.name, kwargs=case.kwargs(world))
            response = client.post(url, case.data(world) if case.data else {})
            after = snapshot_a()
            transaction.set_rollback(True)
        if response.status_code not in (403, 404):
            problems.append(f"{persona} POST {url}: {response.status_code}")
        if after != before:
            problems.append(f"{persona} POST {url} changed province A's outreach records")
    assert not problems, "\n".join(problems)
