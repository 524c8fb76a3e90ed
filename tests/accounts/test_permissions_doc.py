from pathlib import Path

import pytest

from ocop.accounts.models import Role
from ocop.accounts.permissions import ALL_CAPABILITIES, CAPABILITIES

PAGE = Path(__file__).resolve().parents[2] / "docs" / "permissions.md"


@pytest.fixture(scope="module")
def page() -> str:
    return PAGE.read_text(encoding="utf-8")


@pytest.mark.parametrize("capability", ALL_CAPABILITIES)
def test_every_capability_is_on_the_permissions_page(page, capability):
    assert f"`{capability}`" in page


@pytest.mark.parametrize("role", Role.values)
def test_every_role_is_on_the_permissions_page(page, role):
    assert f"`{role}`" in page


@pytest.mark.parametrize("role", Role.values)
def test_the_role_row_lists_exactly_its_capabilities(page, role):
    row = next(line for line in page.splitlines() if line.startswith(f"| `{role}`"))
    listed = {cap for cap in ALL_CAPABILITIES if f"`{cap}`" in row}
    assert listed == set(CAPABILITIES[role])


def test_every_registry_and_portal_page_is_on_the_permissions_page(page):
    from django.urls import get_resolver

    resolver = get_resolver()
    missing = []
    for namespace in ("registry", "portal"):
        _prefix, sub = resolver.namespace_dict[namespace]
        for pattern in sub.url_patterns:
            name = f"{namespace}:{pattern.name}"
            if pattern.name and pattern.name != "healthz" and f"`{name}`" not in page:
                missing.append(name)
    assert not missing
