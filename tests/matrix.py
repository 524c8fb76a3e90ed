"""The permission matrix: every URL of the site against every persona.

Each app lists its cases in ``tests/<app>/matrix_cases.py`` as ``CASES = [Case(...), ...]``;
``tests/test_permission_matrix.py`` runs them all and checks that no named URL is left out.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass, field

from tests.factories import PERSONA_NAMES

LOGIN = 302  # anonymous users are sent to the login page


@dataclass
class Case:
    name: str  # URL name, e.g. "portal:home"
    expect: dict[str, int] = field(default_factory=dict)  # persona -> status
    default: int = 200  # status for personas not listed
    kwargs: Callable | None = None  # world -> URL kwargs
    method: str = "get"
    data: Callable | None = None  # world -> POST data
    id: str = ""

    def status_for(self, persona: str) -> int:
        return self.expect.get(persona, self.default)

    def label(self) -> str:
        return self.id or self.name


def officials(status: int) -> dict[str, int]:
    """The same status for every official persona (not anonymous, council, producer)."""
    return dict.fromkeys(
        ["admin", "central", "province", "department", "district", "commune"], status
    )


def everyone(status: int) -> dict[str, int]:
    return dict.fromkeys(PERSONA_NAMES, status)
