"""The API permission matrix: endpoint x persona -> status.

The web matrix (tests/test_permission_matrix.py) leaves the ``api`` namespace out; this one
covers it with token authentication. Anonymous callers get 401 on private endpoints; a record
outside the caller's scope answers 404, the same as a missing one; in scope but without the
right to act answers 403.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass, field

import pytest
from django.db import transaction
from django.test import override_settings
from django.urls import get_resolver

from tests.api.conftest import build_api_world, client_for
from tests.factories import PERSONA_NAMES

OFFICIALS = ["admin", "central", "province", "department", "district", "commune"]
SIGNED_IN = [p for p in PERSONA_NAMES if p != "anonymous"]
EVERYWHERE = ["admin", "central"]


def only(personas, status=200, otherwise=404, anonymous=401) -> dict[str, int]:
    out = dict.fromkeys(PERSONA_NAMES, otherwise)
    out.update(dict.fromkeys(personas, status))
    out["anonymous"] = anonymous
    return out


@dataclass
class ApiCase:
    id: str
    url: Callable  # world -> path
    expect: dict[str, int] = field(default_factory=dict)
    default: int = 200
    method: str = "get"
    data: Callable | None = None

    def status_for(self, persona: str) -> int:
        return self.expect.get(persona, self.default)


def _product_set_key(w):
    return f"{w.product_set.criteria_set.code}:{w.product_set.number}"


def registry_cases(noun: str, collection: str) -> list[ApiCase]:
    """The list, and a record in the officials' own commune, in another district of the same
    province and in another province (``w.<noun>``, ``w.other_<noun>``, ``w.foreign_<noun>``)."""

    def detail(prefix):
        return lambda w: f"/api/v1/{collection}/{getattr(w, prefix + noun).public_code}/"

    return [
        ApiCase(collection, lambda w: f"/api/v1/{collection}/", {"anonymous": 401}),
        # council members read what they score through the evaluation pages, not here
        ApiCase(noun, detail(""), only([*OFFICIALS, "producer"])),
        ApiCase(
            f"{noun}-other-district",
            detail("other_"),
            only([*EVERYWHERE, "province", "department"]),
        ),
        ApiCase(f"{noun}-foreign", detail("foreign_"), only(EVERYWHERE)),
    ]


CASES = [
    ApiCase("units", lambda w: "/api/v1/units/"),
    ApiCase("unit", lambda w: f"/api/v1/units/{w.units.phu_tho.key}/"),
    ApiCase("criteria-sets", lambda w: "/api/v1/criteria-sets/"),
    ApiCase("criteria-set", lambda w: f"/api/v1/criteria-sets/{w.product_set.criteria_set.code}/"),
    ApiCase("product-sets", lambda w: "/api/v1/product-sets/"),
    ApiCase("product-set", lambda w: f"/api/v1/product-sets/{_product_set_key(w)}/"),
    *registry_cases("producer", "producers"),
    *registry_cases("product", "products"),
    ApiCase(
        "product-create",
        lambda w: "/api/v1/products/",
        # central reads everything but does not keep registries; council members score only
        # (and no producer is in their scope, so the producer code is refused first)
        {
            **only(
                ["admin", "province", "department", "district", "commune", "producer"], 201, 403
            ),
            "council": 400,
        },
        method="post",
        data=lambda w: {
            "producer": w.producer.public_code,
            "name": "Rượu men lá Mường",
            "product_set": _product_set_key(w),
        },
    ),
    ApiCase(
        "product-update-foreign",
        lambda w: f"/api/v1/products/{w.foreign_product.public_code}/",
        {**only(["admin"]), "central": 403},
        method="patch",
        data=lambda w: {"description": "Mô tả mới"},
    ),
    *[
        ApiCase(
            f"{noun}-relocate",
            lambda w, noun=noun, collection=collection: (
                f"/api/v1/{collection}/{getattr(w, noun).public_code}/relocate/"
            ),
            # officers covering both the commune on record and the destination (another commune
            # of the same district); never the producer itself; the council sees no registry
            {**only(["admin", "province", "department", "district"], 200, 403), "council": 404},
            method="post",
            data=lambda w: {"unit": w.units.yen_tri.key, "reason": "Nhập sai xã"},
        )
        for noun, collection in (("producer", "producers"), ("product", "products"))
    ],
    ApiCase("documents", lambda w: "/api/v1/documents/", {"anonymous": 401}),
    ApiCase(
        "document",
        lambda w: f"/api/v1/documents/{w.document.public_code}/",
        only([*OFFICIALS, "producer"]),
    ),
    ApiCase(
        "document-download",
        lambda w: f"/api/v1/documents/{w.document.public_code}/download/",
        only([*OFFICIALS, "producer"]),
    ),
    ApiCase(
        "document-download-foreign",
        lambda w: f"/api/v1/documents/{w.foreign_document.public_code}/download/",
        only(EVERYWHERE),
    ),
    ApiCase("rounds", lambda w: "/api/v1/rounds/", {"anonymous": 401}),
    ApiCase(
        "round",
        lambda w: f"/api/v1/rounds/{w.round.public_code}/",
        # the 2025 provincial round: its province's officials and its council's members
        only([*EVERYWHERE, "province", "department", "council"]),
    ),
    ApiCase(
        "round-foreign",
        lambda w: f"/api/v1/rounds/{w.foreign_round.public_code}/",
        only(EVERYWHERE),
    ),
    ApiCase("sheets", lambda w: "/api/v1/sheets/", {"anonymous": 401}),
    ApiCase("results", lambda w: "/api/v1/results/", {"anonymous": 401}),
    ApiCase(
        "result",
        lambda w: f"/api/v1/results/{w.enrolment.public_code}/",
        # officials of the round's unit, the member who scored it, the product's producer
        only([*EVERYWHERE, "province", "department", "council", "producer"]),
    ),
    ApiCase("decisions", lambda w: "/api/v1/decisions/", {"anonymous": 401}),
    # issued in the officials' unit, or carrying a certificate each persona may see (council
    # members read the products they score through the evaluation pages only)
    ApiCase(
        "decision",
        lambda w: f"/api/v1/decisions/{w.decision.public_code}/",
        {"anonymous": 401, "council": 404},
    ),
    ApiCase(
        "decision-foreign",
        lambda w: f"/api/v1/decisions/{w.foreign_decision.public_code}/",
        only(EVERYWHERE),
    ),
    ApiCase("certificates", lambda w: "/api/v1/certificates/"),
    ApiCase("certificate", lambda w: f"/api/v1/certificates/{w.certificate.code}/"),
    ApiCase("summary", lambda w: "/api/v1/reports/summary/"),
    ApiCase("docs", lambda w: "/api/v1/docs/"),
    ApiCase("plans", lambda w: "/api/v1/plans/", {"anonymous": 401}),
    ApiCase("plan", lambda w: f"/api/v1/plans/{w.plan.public_code}/", only(OFFICIALS)),
    ApiCase(
        "plan-progress",
        lambda w: f"/api/v1/plans/{w.plan.public_code}/progress/",
        only(OFFICIALS),
    ),
    ApiCase(
        "plan-foreign", lambda w: f"/api/v1/plans/{w.foreign_plan.public_code}/", only(EVERYWHERE)
    ),
    ApiCase(
        "rollup",
        lambda w: "/api/v1/rollup/certificates/",
        # allowed in (an empty batch is then refused as invalid) or turned away
        only(["admin", "central", "province"], 400, 403),
        method="post",
        data=lambda w: {"certificates": []},
    ),
    ApiCase(
        "rollup-progress",
        lambda w: "/api/v1/rollup/progress/",
        only(["admin", "central", "province"], 400, 403),
        method="post",
        data=lambda w: {"provinces": []},
    ),
    ApiCase(
        "token",
        lambda w: "/api/v1/auth/token/",
        method="post",
        data=lambda w: {"username": "p-province", "password": "ocop-test-password"},
    ),
]


def _storages(location) -> dict:
    from django.conf import settings

    return {
        **settings.STORAGES,
        "default": {
            "BACKEND": "django.core.files.storage.FileSystemStorage",
            "OPTIONS": {"location": str(location)},
        },
    }


@pytest.fixture(scope="module")
def media_dir(tmp_path_factory):
    return tmp_path_factory.mktemp("private")


@pytest.fixture(autouse=True)
def _private_media(media_dir, settings):
    """The module's world keeps its uploaded files for all the module's tests."""
    settings.STORAGES = _storages(media_dir)


@pytest.fixture(scope="module")
def matrix_world(django_db_setup, django_db_blocker, media_dir):
    """Built once for the whole matrix; each test runs in its own savepoint inside."""
    with (
        django_db_blocker.unblock(),
        override_settings(STORAGES=_storages(media_dir)),
        transaction.atomic(),
    ):
        yield build_api_world()
        transaction.set_rollback(True)


@pytest.mark.parametrize("persona", PERSONA_NAMES)
@pytest.mark.parametrize("case", CASES, ids=[c.id for c in CASES])
def test_api_permission_matrix(matrix_world, db, case: ApiCase, persona: str):
    client = client_for(matrix_world, persona)
    url = case.url(matrix_world)
    data = case.data(matrix_world) if case.data else None
    response = getattr(client, case.method)(url, data, format="json")
    expected = case.status_for(persona)
    assert response.status_code == expected, (
        f"{persona} {case.method.upper()} {url}: {response.status_code}, expected {expected}: "
        f"{response.content[:300]!r}"
    )


def test_every_api_route_has_a_matrix_case():
    """A new endpoint must come with its row in the matrix."""
    resolver = get_resolver()
    api = next(p for p in resolver.url_patterns if getattr(p, "namespace", None) == "api")
    routes = set()

    def walk(patterns):
        for pattern in patterns:
            if hasattr(pattern, "url_patterns"):
                walk(pattern.url_patterns)
            elif pattern.name:
                routes.add(pattern.name)

    walk(api.url_patterns)
    covered = {
        "unit-list", "unit-detail", "criteria-set-list", "criteria-set-detail",
        "product-set-list", "product-set-detail", "producer-list", "producer-detail",
        "producer-relocate", "product-list", "product-detail", "product-relocate", "document-list", "document-detail",
        "document-download", "round-list", "round-detail", "sheet-list", "result-list",
        "result-detail", "decision-list", "decision-detail", "certificate-list", "certificate-detail", "report-summary",
        "rollup-certificates", "rollup-progress", "token", "docs",
        "plan-list", "plan-detail", "plan-progress",
        "schema",  # public; served and validated in test_schema.py
    }  # fmt: skip
    assert routes == covered
