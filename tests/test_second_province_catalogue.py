"""A second province against the first, through the doors of the public face: where to buy
and photo order. Province B's officer and producer post every such case of the matrix, and
none of province A's "where to buy" entries or photos changes."""

from __future__ import annotations

import pytest
from django.db import transaction
from django.forms.models import model_to_dict
from django.test import Client
from django.urls import reverse

from ocop.registry.models import ProductOutlet, ProductPhoto
from tests.registry.matrix_cases_catalogue import CASES as SHOWCASE_CASES
from tests.test_permission_matrix import world  # noqa: F401 - the matrix's world
from tests.test_second_province import province_b  # noqa: F401 - B's two users

pytestmark = pytest.mark.django_db

POST_CASES = [case for case in SHOWCASE_CASES if case.method == "post"]


def _state() -> dict:
    rows = {}
    for model in (ProductOutlet, ProductPhoto):
        for obj in model.objects.exclude(product__province__code="01").order_by("pk"):
            values = model_to_dict(obj)
            values.pop("updated_at", None)
            rows[(model.__name__, obj.pk)] = values
    return rows


@pytest.mark.parametrize("case", POST_CASES, ids=[c.label() for c in POST_CASES])
def test_province_b_cannot_change_where_to_buy_or_photos_of_a(world, province_b, case):  # noqa: F811
    before = _state()
    assert any(key[0] == "ProductOutlet" for key in before)
    for user in province_b.values():
        with transaction.atomic():
            client = Client()
            client.force_login(user)
            url = reverse(case.name, kwargs=case.kwargs(world) if case.kwargs else None)
            response = client.post(url, case.data(world) if case.data else {})
            after = _state()
            transaction.set_rollback(True)
        assert response.status_code < 500
        assert after == before, f"{user} POST {url} changed province A"
