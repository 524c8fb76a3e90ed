"""The language switch: a link anyone may follow; it only sets the language cookie."""

from tests.matrix import Case

CASES = [
    Case("switch_language", kwargs=lambda w: {"code": "en"}, default=302),
    Case("switch_language", kwargs=lambda w: {"code": "xx"}, default=404, id="unknown language"),
]
