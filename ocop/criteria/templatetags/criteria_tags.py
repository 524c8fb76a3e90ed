"""Template helpers for criteria pages: bilingual labels, points and stars."""

from decimal import Decimal

from django import template
from django.utils.formats import get_format
from django.utils.translation import get_language

from ocop.criteria.stars import format_points

register = template.Library()


@register.filter
def localized(obj, stem: str) -> str:
    """``obj.<stem>_en`` when the active language is English and it is set, else ``_vi``."""
    if (get_language() or "vi").startswith("en"):
        english = getattr(obj, f"{stem}_en", "")
        if english:
            return english
    return getattr(obj, f"{stem}_vi", "")


@register.filter
def points(value) -> str:
    """3, 2,5 or 69,99 (2.5, 69.99 in English): no exponent, no trailing zeros, the page's
    decimal separator."""
    if value is None or value == "":
        return ""
    return format_points(Decimal(str(value))).replace(".", get_format("DECIMAL_SEPARATOR"))


@register.filter
def star_string(count) -> str:
    return "★" * int(count or 0)


@register.filter
def subsection_title(section, code: str) -> str:
    for sub in section.subsections:
        if sub.code == code:
            return localized(sub, "title")
    return code


@register.filter
def get_item(mapping, key):
    return mapping.get(key) if mapping else None
