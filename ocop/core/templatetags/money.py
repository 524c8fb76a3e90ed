"""``{% load money %}``: ``{{ amount|vnd }}`` (see ``ocop.core.money``)."""

from django import template

from ocop.core import money

register = template.Library()
register.filter("vnd", money.vnd)
