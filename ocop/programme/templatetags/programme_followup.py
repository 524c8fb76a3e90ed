from django import template

from ocop.programme.money import vnd as _vnd

register = template.Library()


@register.filter
def vnd(amount):
    """``{{ amount|vnd }}``: 1.000.000 đ."""
    return _vnd(amount)
