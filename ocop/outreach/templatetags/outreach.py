"""``{% load outreach %}``: ``{{ amount|vnd }}``, ``{{ post.body|paragraphs }}`` and
``{% product_fairs product as entries %}``."""

from django import template
from django.template.defaultfilters import linebreaksbr
from django.utils.formats import number_format
from django.utils.html import format_html_join

from ocop.outreach import selectors

register = template.Library()


@register.filter
def vnd(amount):
    """An amount of đồng with its thousands grouped the reader's way ("1.250.000 ₫")."""
    if amount in (None, ""):
        return "—"
    return f"{number_format(amount, decimal_pos=0, force_grouping=True)} ₫"


@register.filter
def paragraphs(text):
    """Plain text shown as paragraphs (a blank line between them), every character escaped."""
    blocks = [block for block in (text or "").split("\n\n") if block.strip()]
    return format_html_join(
        "\n", "<p>{}</p>", ((linebreaksbr(block, autoescape=True),) for block in blocks)
    )


@register.simple_tag
def product_fairs(product):
    """The public events ``product`` took part in (see ``selectors.fairs_for_product``)."""
    return selectors.fairs_for_product(product) if product is not None else []
