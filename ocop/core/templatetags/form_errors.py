"""``{% load form_errors %}``: ``{{ error|labelled:field.label }}`` (see ``ocop.core.forms``)."""

from django import template

from ocop.core import forms

register = template.Library()
register.filter("labelled", forms.labelled)
