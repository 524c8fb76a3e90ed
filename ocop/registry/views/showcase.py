"""The public face of a product, kept by its producer: photo order and visibility, and where
to buy it. Every button is a POST through a registry service."""

from __future__ import annotations

from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied
from django.http import Http404
from django.shortcuts import get_object_or_404
from django.urls import reverse
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from ocop.accounts.permissions import MANAGE_REGISTRY
from ocop.core.web import post_action
from ocop.registry import forms, rights, services
from ocop.registry.services.showcase import DOWN, UP
from ocop.registry.views._common import _form_page
from ocop.registry.views.products import _product


def _changeable(request, code):
    product = _product(request, code)
    if not rights.may_act_on_product(request.user, product, MANAGE_REGISTRY):
        raise PermissionDenied
    return product


def _back(product) -> str:
    return reverse("registry:product_detail", kwargs={"code": product.public_code}) + "#cong-khai"


# what each button of a photo does: (service call, message)
PHOTO_ACTIONS = {
    UP: (lambda user, photo: services.product_photo_move(actor=user, photo=photo, direction=UP)),
    DOWN: (
        lambda user, photo: services.product_photo_move(actor=user, photo=photo, direction=DOWN)
    ),
    "hien": lambda user, photo: services.product_photo_publish(
        actor=user, photo=photo, public=True
    ),
    "an": lambda user, photo: services.product_photo_publish(actor=user, photo=photo, public=False),
    "xoa": lambda user, photo: services.product_photo_remove(actor=user, photo=photo),
}

OUTLET_ACTIONS = {
    UP: lambda user, outlet: services.outlet_move(actor=user, outlet=outlet, direction=UP),
    DOWN: lambda user, outlet: services.outlet_move(actor=user, outlet=outlet, direction=DOWN),
    "hien": lambda user, outlet: services.outlet_hide(actor=user, outlet=outlet, hidden=False),
    "an": lambda user, outlet: services.outlet_hide(actor=user, outlet=outlet, hidden=True),
    "xoa": lambda user, outlet: services.outlet_remove(actor=user, outlet=outlet),
}


def _change(request, code, pk, action, *, actions, related):
    if action not in actions:
        raise Http404
    product = _changeable(request, code)
    item = get_object_or_404(getattr(product, related).all(), pk=pk)
    return post_action(
        request,
        lambda: actions[action](request.user, item),
        success_message=_("The public page of the product was updated."),
        redirect_to=_back(product),
    )


@login_required
@require_POST
def product_photo_change(request, code, photo, action):
    """Move a photo up or down, show or hide it on the public page, or remove it."""
    return _change(request, code, photo, action, actions=PHOTO_ACTIONS, related="photos")


@login_required
@require_POST
def outlet_change(request, code, outlet, action):
    """Move a "where to buy" entry up or down, show or hide it, or remove it."""
    return _change(request, code, outlet, action, actions=OUTLET_ACTIONS, related="outlets")


@login_required
def outlet_add(request, code):
    product = _changeable(request, code)
    return _form_page(
        request,
        forms.OutletForm(request.POST or None),
        lambda data: services.outlet_add(actor=request.user, product=product, fields=data),
        success=_("The place to buy was added."),
        done=lambda _outlet: _back(product),
        title=_("Where to buy %(product)s: add a place") % {"product": product},
    )
