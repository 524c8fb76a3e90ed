"""``{% load geo_units %}``: ``{{ unit|unit_on:day }}``, ``{{ unit|unit_name }}`` and
``{{ name|vi }}``."""

from django import template

from ocop.core.text import vi_display
from ocop.geo import display

register = template.Library()


@register.filter
def unit_on(unit, day=None):
    """The unit as named on ``day``, with its current successor beside a former unit."""
    return display.unit_label(unit, day or None)


@register.filter
def unit_name(unit):
    return display.unit_name(unit)


@register.filter
def vi(name):
    """A name as written elsewhere, shown with one accent placement ("Hoà" -> "Hòa")."""
    return vi_display(name)


@register.filter
def now_part_of(name, unit):
    """A recorded name (``{{ data.province|now_part_of:cert.product.province }}``) with the
    unit covering the former one today."""
    return display.name_with_current(name, unit)
