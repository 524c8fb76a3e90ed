"""Product pages: list, detail, create, edit, photos, relocation."""

from __future__ import annotations

from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied
from django.shortcuts import get_object_or_404, render
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from ocop.accounts.permissions import (
    MANAGE_REGISTRY,
    SUBMIT_DOSSIER,
)
from ocop.core.audit import history_for
from ocop.registry import files, forms, lifecycle, rights, selectors, services
from ocop.registry.models import (
    ProductStatus,
)
from ocop.registry.views._common import (
    _by_unit,
    _filter_units,
    _form_page,
    _list,
    _need,
    _page,
    _post,
    _searched,
    _to,
)
from ocop.registry.views.producers import _producer, _relocate


@login_required
def product_list(request):
    qs = selectors.products_visible_to(request.user)
    status = request.GET.get("trang_thai", "")
    unit = request.GET.get("don_vi", "")
    set_number = request.GET.get("bo", "")
    if not request.GET.get("luu_tru"):
        qs = qs.filter(archived_at__isnull=True)
    qs, query, search_error = _searched(request, qs)
    if status:
        qs = qs.filter(status=status)
    if set_number.isdigit():
        qs = qs.filter(product_set__number=int(set_number))
    qs = _by_unit(qs, unit, "origin_unit__", "province__").order_by("name", "pk")
    return _list(
        request,
        "registry/product_list.html",
        {
            "page": _page(request, qs, "origin_unit", "province"),
            "query": query,
            "search_error": search_error,
            "status": status,
            "unit": unit,
            "statuses": ProductStatus.choices,
            "units": _filter_units(request.user),
            "set_number": set_number,
            "sets": forms.product_sets_in_force().values_list("number", "name_vi"),
        },
    )


def _product(request, code):
    return get_object_or_404(selectors.products_visible_to(request.user), public_code=code)


STATUS_ACTIONS = ("registry.product.created", "registry.product.status_changed")


def _status_label(value) -> str:
    return ProductStatus(value).label if value in ProductStatus.values else ""


@login_required
def product_detail(request, code):
    product = _product(request, code)
    user = request.user
    history = [
        {
            "event": event,
            "old": _status_label((event.old or {}).get("status")),
            "new": _status_label((event.new or {}).get("status")),
        }
        for event in history_for(product).filter(action__in=STATUS_ACTIONS).order_by("at", "id")
    ]
    dossiers = selectors.dossiers_visible_to(user).filter(product=product).order_by("-created_at")
    can_act = rights.may_act_on_product(user, product, MANAGE_REGISTRY) and not product.is_archived
    # the buttons follow what the services would accept: a dossier opens only for a draft
    # product (first evaluation) or a recognised one below five stars (upgrade), and only
    # when none is open; only an editable open dossier can be submitted
    statuses = {d.status for d in dossiers}
    has_open = bool(statuses & set(services.OPEN_DOSSIER_STATUSES))
    upgrade = product.status == ProductStatus.RECOGNISED and (product.stars or 0) < 5
    return render(
        request,
        "registry/product_detail.html",
        {
            "product": product,
            "photos": product.photos.all(),
            "outlets": product.outlets.all(),
            "history": history,
            "dossiers": dossiers,
            "can_act": can_act,
            "can_relocate": not product.is_archived
            and rights.may_relocate_product(user, product, MANAGE_REGISTRY),
            "can_open_dossier": can_act
            and not has_open
            and (product.status == ProductStatus.DRAFT or upgrade),
            "upgrade": upgrade,
            "can_submit": bool(statuses & lifecycle.DOSSIER_EDITABLE)
            and rights.may_act_on_product(user, product, SUBMIT_DOSSIER)
            and not product.is_archived,
        },
    )


@login_required
def product_create(request, code):
    producer = _producer(request, code)
    _need(request.user, MANAGE_REGISTRY)
    return _form_page(
        request,
        forms.ProductForm(request.POST or None, user=request.user, producer=producer),
        lambda data: services.product_create(actor=request.user, producer=producer, fields=data),
        success=_("The product was registered."),
        done=_to("registry:product_detail"),
        title=_("New product of %(producer)s") % {"producer": producer},
    )


@login_required
def product_edit(request, code):
    product = _product(request, code)
    if not rights.may_act_on_product(request.user, product, MANAGE_REGISTRY):
        raise PermissionDenied
    form = forms.ProductForm(
        request.POST or None, instance=product, user=request.user, producer=product.producer
    )
    return _form_page(
        request,
        form,
        lambda data: services.product_update(actor=request.user, product=product, fields=data),
        success=_("The changes were saved."),
        done=_to("registry:product_detail"),
        title=_("Edit product"),
    )


@login_required
def product_photo_add(request, code):
    product = _product(request, code)
    if not rights.may_act_on_product(request.user, product, MANAGE_REGISTRY):
        raise PermissionDenied
    return _form_page(
        request,
        forms.PhotoForm(request.POST or None, request.FILES or None),
        lambda data: services.product_photo_add(actor=request.user, product=product, **data),
        success=_("The photo was added."),
        done=_to("registry:product_detail", product),
        title=_("Add a photo of %(product)s") % {"product": product},
        multipart=True,
    )


@login_required
def product_photo(request, code, photo):
    """A product photo for users who may see the product (public or not)."""
    product = _product(request, code)
    item = get_object_or_404(product.photos.all(), pk=photo)
    return files.stream_image(item)


@login_required
def product_relocate(request, code):
    product = _product(request, code)
    return _relocate(
        request,
        product,
        current=product.origin_unit,
        relocate=lambda **kw: services.product_relocate(product=product, **kw),
        may=rights.may_relocate_product(request.user, product, MANAGE_REGISTRY),
        title=_("Move %(product)s to another commune of origin") % {"product": product},
        page="registry:product_detail",
    )


product_archive = _post(
    services.product_archive,
    _product,
    "product",
    gettext_lazy("The product was archived."),
    "registry:product_detail",
)


product_submit = _post(
    services.product_submit,
    _product,
    "product",
    gettext_lazy("The dossier was submitted to the commune."),
    "registry:product_detail",
)


# Documents
