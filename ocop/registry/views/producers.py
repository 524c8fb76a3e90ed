"""Producer pages (chủ thể): list, detail, create, edit, relocation."""

from __future__ import annotations

from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied
from django.db.models import Count
from django.shortcuts import get_object_or_404, render
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from ocop.accounts.permissions import (
    MANAGE_REGISTRY,
    has_capability,
)
from ocop.accounts.scope import scope_for
from ocop.registry import forms, rights, selectors, services
from ocop.registry.models import (
    LegalForm,
)
from ocop.registry.views._common import (
    _by_unit,
    _filter_units,
    _form_page,
    _list,
    _page,
    _post,
    _searched,
    _to,
)


@login_required
def producer_list(request):
    qs = selectors.producers_visible_to(request.user)
    legal_form = request.GET.get("hinh_thuc", "")
    unit = request.GET.get("don_vi", "")
    if not request.GET.get("luu_tru"):
        qs = qs.filter(archived_at__isnull=True)
    qs, query, search_error = _searched(request, qs)
    if legal_form:
        qs = qs.filter(legal_form=legal_form)
    qs = _by_unit(qs, unit, "commune__", "province__")
    page = _page(request, qs.order_by("name", "pk"), "commune", "province")
    # counted for the rows shown only: a GROUP BY over every producer costs seconds at scale
    counts = dict(
        selectors.products_visible_to(request.user)
        .filter(producer_id__in=[p.pk for p in page], archived_at__isnull=True)
        .order_by()
        .values_list("producer_id")
        .annotate(n=Count("pk"))
    )
    for producer in page:
        producer.product_count = counts.get(producer.pk, 0)
    return _list(
        request,
        "registry/producer_list.html",
        {
            "page": page,
            "query": query,
            "search_error": search_error,
            "legal_form": legal_form,
            "unit": unit,
            "legal_forms": LegalForm.choices,
            "units": _filter_units(request.user),
            "can_create": has_capability(request.user, MANAGE_REGISTRY),
        },
    )


def _producer(request, code):
    return get_object_or_404(selectors.producers_visible_to(request.user), public_code=code)


@login_required
def producer_detail(request, code):
    producer = _producer(request, code)
    products = selectors.products_visible_to(request.user).filter(producer=producer)
    documents = selectors.documents_visible_to(request.user).filter(
        producer=producer, archived_at__isnull=True
    )
    can_act = rights.may_act_on_producer(request.user, producer, MANAGE_REGISTRY)
    return render(
        request,
        "registry/producer_detail.html",
        {
            "producer": producer,
            "products": products.order_by("name", "pk"),
            "documents": documents.order_by("doc_type", "title", "pk"),
            "can_act": can_act and not producer.is_archived,
            "can_relocate": not producer.is_archived
            and rights.may_relocate_producer(request.user, producer, MANAGE_REGISTRY),
            "can_add_product": has_capability(request.user, MANAGE_REGISTRY)
            and not producer.is_archived,
        },
    )


@login_required
def producer_create(request):
    officer = has_capability(request.user, MANAGE_REGISTRY) and (
        scope_for(request.user).unit_paths or request.user.is_superuser
    )
    if not officer:
        raise PermissionDenied(
            _(
                "Producers are registered by the OCOP officer of their commune, not by "
                "themselves. Ask the people's committee of your commune to register your "
                "business; your account can then be linked to it."
            )
        )
    return _form_page(
        request,
        forms.ProducerForm(request.POST or None, user=request.user),
        lambda data: services.producer_create(actor=request.user, fields=data),
        success=_("The producer was registered."),
        done=_to("registry:producer_detail"),
        title=_("New producer"),
    )


@login_required
def producer_edit(request, code):
    producer = _producer(request, code)
    if not rights.may_act_on_producer(request.user, producer, MANAGE_REGISTRY):
        raise PermissionDenied
    return _form_page(
        request,
        forms.ProducerForm(request.POST or None, instance=producer, user=request.user),
        lambda data: services.producer_update(actor=request.user, producer=producer, fields=data),
        success=_("The changes were saved."),
        done=_to("registry:producer_detail"),
        title=_("Edit producer"),
        back=producer,
    )


producer_archive = _post(
    services.producer_archive,
    _producer,
    "producer",
    gettext_lazy("The producer was archived."),
    "registry:producer_detail",
)


def _relocate(request, record, *, current, relocate, may, title, page):
    """The relocation page of a product or producer: a new commune and a reason."""
    if not may:
        raise PermissionDenied
    form = forms.RelocateForm(request.POST or None, user=request.user, current=current)
    return _form_page(
        request,
        form,
        lambda data: relocate(actor=request.user, unit=data["unit"], reason=data["reason"]),
        success=lambda _moved: (
            _("The record was moved to %(unit)s.") % {"unit": form.cleaned_data["unit"]}
        ),
        done=_to(page),
        title=title,
        back=record,
    )


@login_required
def producer_relocate(request, code):
    producer = _producer(request, code)
    return _relocate(
        request,
        producer,
        current=producer.commune,
        relocate=lambda **kw: services.producer_relocate(producer=producer, **kw),
        may=rights.may_relocate_producer(request.user, producer, MANAGE_REGISTRY),
        title=_("Move %(producer)s to another commune") % {"producer": producer},
        page="registry:producer_detail",
    )


# Products
