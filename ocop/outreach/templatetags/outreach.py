"""``{% load outreach %}``: ``{{ post.body|paragraphs }}`` and ``{% product_fairs product as entries %}``
(amounts: ``{% load money %}``)."""

from django import template
from django.template.defaultfilters import linebreaksbr
from django.utils.html import format_html_join

from ocop.outreach import selectors

register = template.Library()


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
