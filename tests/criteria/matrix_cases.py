"""Criteria pages are public reference pages: every persona gets the same answer."""

from ocop.criteria.services import criteria_load
from tests.matrix import Case

SET_26 = "QD-26-2026-TTg"
SET_148 = "QD-148-2023-TTg"


def extend_world(w):
    criteria_load()  # already loaded at migrate; unchanged files cost one query per set


CASES = [
    Case("criteria:index"),
    Case("criteria:self_assess_choose"),
    Case("criteria:criteria_set", kwargs=lambda w: {"code": SET_26}),
    Case(
        "criteria:criteria_set",
        id="criteria:criteria_set(frame only)",
        kwargs=lambda w: {"code": SET_148},
    ),  # fmt: skip
    Case(
        "criteria:criteria_set",
        id="criteria:criteria_set(unknown)",
        kwargs=lambda w: {"code": "QD-0-1999-TTg"},
        default=404,
    ),  # fmt: skip
    Case("criteria:sheet", kwargs=lambda w: {"code": SET_26, "number": 14}),
    Case(
        "criteria:sheet",
        id="criteria:sheet(no such set)",
        kwargs=lambda w: {"code": SET_26, "number": 27},
        default=404,
    ),  # fmt: skip
    Case("criteria:self_assess", kwargs=lambda w: {"code": SET_26, "number": 11}),
    Case(
        "criteria:self_assess",
        id="criteria:self_assess(no sheets)",
        kwargs=lambda w: {"code": SET_148, "number": 1},
        default=404,
    ),  # fmt: skip
]
