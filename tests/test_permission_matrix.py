"""One parametrised test: every URL x every persona -> the expected status code."""

import importlib
from pathlib import Path
from types import SimpleNamespace

import pytest
from django.db import transaction
from django.test import Client
from django.urls import get_resolver, reverse

import tests
from tests import factories as f
from tests.factories import PERSONA_NAMES
from tests.matrix import Case

# URL names that are covered elsewhere or are not pages.
EXEMPT_NAMESPACES = {"admin", "api"}
EXEMPT_NAMES = {"set_language", "portal:healthz"}


def _case_modules():
    """Every ``tests/<app>/matrix_cases*.py`` module (an app may split its cases by part)."""
    root = Path(tests.__file__).parent
    for path in sorted(root.glob("*/matrix_cases*.py")):
        yield importlib.import_module(f"tests.{path.parent.name}.{path.stem}")


def _all_cases() -> list[Case]:
    cases: list[Case] = []
    for module in _case_modules():
        cases.extend(module.CASES)
    return cases


CASES = _all_cases()


def _named_urls() -> set[str]:
    names: set[str] = set()

    def walk(resolver, prefix=""):
        for pattern in resolver.url_patterns:
            if hasattr(pattern, "url_patterns"):
                ns = pattern.namespace
                if ns in EXEMPT_NAMESPACES:
                    continue
                walk(pattern, f"{prefix}{ns}:" if ns else prefix)
            elif pattern.name:
                names.add(f"{prefix}{pattern.name}")

    walk(get_resolver())
    return names - EXEMPT_NAMES


def test_every_named_url_is_in_the_matrix():
    covered = {case.name for case in CASES}
    missing = sorted(_named_urls() - covered)
    assert not missing, f"URLs without a permission-matrix case: {missing}"


@pytest.fixture
def world(units, producer, other_producer, foreign_producer, product_set):
    w = SimpleNamespace(units=units, producer=producer, other_producer=other_producer)
    w.foreign_producer = foreign_producer
    w.product_set = product_set
    w.personas = f.build_personas(units, producer)
    w.product = f.ProductFactory(producer=producer, product_set=product_set)
    w.other_product = f.ProductFactory(producer=other_producer, product_set=product_set)
    w.foreign_product = f.ProductFactory(producer=foreign_producer, product_set=product_set)
    w.recognised_product = f.ProductFactory(
        producer=producer, product_set=product_set, status="recognised", stars=3
    )
    for hook in WORLD_HOOKS:
        hook(w)
    return w


def _world_hooks():
    return [m.extend_world for m in _case_modules() if hasattr(m, "extend_world")]


WORLD_HOOKS = _world_hooks()


@pytest.mark.parametrize("case", CASES, ids=[c.label() for c in CASES])
def test_permission_matrix(world, case: Case):
    """Every persona against one URL. Each request runs in a savepoint that is rolled back, so
    a POST by one persona cannot change what the next one sees; all mismatches are reported."""
    mismatches = []
    for persona in PERSONA_NAMES:
        user = getattr(world.personas, persona)
        with transaction.atomic():
            client = Client()
            if user is not None:
                client.force_login(user)
            url = reverse(case.name, kwargs=case.kwargs(world) if case.kwargs else None)
            if case.method == "post":
                response = client.post(url, case.data(world) if case.data else {})
            else:
                response = client.get(url)
            transaction.set_rollback(True)
        expected = case.status_for(persona)
        if response.status_code != expected:
            mismatches.append(
                f"{persona} {case.method.upper()} {url}: {response.status_code}, expected {expected}"
            )
    assert not mismatches, "\n".join(mismatches)
