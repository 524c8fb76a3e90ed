from django.template import Context, Template
from django.utils import translation

from ocop.core.money import vnd


def test_amounts_grouped_the_page_language_way():
    with translation.override("vi"):
        assert vnd(1_000_000) == "1.000.000 đ"
        assert vnd(0) == "0 đ"
    with translation.override("en"):
        assert vnd(1_000_000) == "1,000,000 đ"


def test_no_amount_is_a_dash_not_zero():
    assert vnd(None) == "—"
    assert vnd("") == "—"


def test_the_template_filter_is_the_same_function():
    with translation.override("vi"):
        text = Template("{% load money %}{{ a|vnd }}/{{ b|vnd }}").render(
            Context({"a": 45_000_000, "b": None})
        )
    assert text == "45.000.000 đ/—"
