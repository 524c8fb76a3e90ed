"""Registry pages under /quan-ly/. Reads go through ``selectors`` (out of scope = 404), writes
through ``services`` (a refused right = 403, a refused action = a message on the page)."""

from __future__ import annotations

from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied
from django.core.paginator import Paginator
from django.db.models import Count
from django.shortcuts import get_object_or_404, redirect, render
from django.urls import reverse
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy
from django.views.decorators.http import require_POST

from ocop.accounts.permissions import (
    MANAGE_REGISTRY,
    REVIEW_DOSSIER,
    SUBMIT_DOSSIER,
    has_capability,
)
from ocop.accounts.scope import scope_for, unit_q
from ocop.core.audit import history_for
from ocop.core.search import search_problem
from ocop.core.web import form_action, post_action, post_view
from ocop.geo.models import AdminUnit, Level
from ocop.registry import files, forms, lifecycle, rights, selectors, services
from ocop.registry.models import (
    DocumentType,
    DossierKind,
    DossierStatus,
    LegalForm,
    ProductStatus,
)

PAGE_SIZE = 25


def _need(user, capability: str) -> None:
    if not has_capability(user, capability):
        raise PermissionDenied


def _page(request, qs):
    return Paginator(qs, PAGE_SIZE).get_page(request.GET.get("trang"))


def _filter_units(user):
    """Provinces and districts within the user's scope, for the unit filter."""
    qs = AdminUnit.objects.filter(level__in=[Level.PROVINCE, Level.DISTRICT])
    scope = scope_for(user)
    if not scope.everything:
        qs = qs.filter(unit_q(scope.unit_paths, ""))
    return qs.order_by("era", "path").only("key", "full_name", "era", "level", "path")


def _by_unit(qs, key, *prefixes):
    if not key:
        return qs
    unit = AdminUnit.objects.filter(key=key).first()
    if unit is None:
        return qs.none()
    return qs.filter(unit_q([unit.path], *prefixes))


def _to(name, record=None):
    """Where a page goes next: the page ``name`` of ``record``, or of the service's value."""
    return lambda value: reverse(name, kwargs={"code": (record or value).public_code})


def _form_page(request, form, action, *, success, done, title="", **context):
    """A form page: a valid POST calls ``action(cleaned_data)`` (a service) and redirects to
    ``done(value)``; a refusal shows on the form."""
    template = context.pop("template", "registry/form.html")
    ok, value = form_action(request, form, action, success_message=success)
    if ok:
        return redirect(done(value))
    return render(request, template, {"form": form, "title": title, **context})


def _post(service, load, argument, success, page):
    """A POST-only button calling ``service`` on the record, back to its page."""
    return post_view(
        load=load,
        service=service,
        argument=argument,
        success_message=success,
        redirect_to=lambda record: reverse(page, kwargs={"code": record.public_code}),
    )


def _list(request, template, context):
    if request.htmx:
        template = template.replace(".html", "_rows.html")
    return render(request, template, context)


def _searched(request, qs, field: str = "name_folded"):
    """``qs`` narrowed by the ``q`` search, the search text, and the message refusing it (then
    nothing is listed)."""
    query = request.GET.get("q", "").strip()
    search_error = search_problem(query)
    if search_error:
        return qs.none(), query, search_error
    if query:
        qs = selectors.search_filter(qs, query, field=field)
    return qs, query, search_error


# Producers


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
    page = _page(request, qs.order_by("name", "pk"))
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
    _need(request.user, MANAGE_REGISTRY)
    if not scope_for(request.user).unit_paths and not request.user.is_superuser:
        raise PermissionDenied
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
            "page": _page(request, qs),
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
    return render(
        request,
        "registry/product_detail.html",
        {
            "product": product,
            "photos": product.photos.all(),
            "history": history,
            "dossiers": dossiers,
            "can_act": can_act,
            "can_relocate": not product.is_archived
            and rights.may_relocate_product(user, product, MANAGE_REGISTRY),
            "can_submit": rights.may_act_on_product(user, product, SUBMIT_DOSSIER)
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


@login_required
def document_list(request):
    qs = selectors.documents_visible_to(request.user)
    doc_type = request.GET.get("loai", "")
    if not request.GET.get("luu_tru"):
        qs = qs.filter(archived_at__isnull=True)
    qs, query, search_error = _searched(request, qs, field="producer__name_folded")
    if doc_type:
        qs = qs.filter(doc_type=doc_type)
    qs = qs.order_by("producer__name", "doc_type", "title", "pk")
    return _list(
        request,
        "registry/document_list.html",
        {
            "page": _page(request, qs),
            "query": query,
            "search_error": search_error,
            "doc_type": doc_type,
            "doc_types": DocumentType.choices,
        },
    )


def _document(request, code):
    return get_object_or_404(selectors.documents_visible_to(request.user), public_code=code)


@login_required
def document_detail(request, code):
    document = _document(request, code)
    dossiers = (
        selectors.dossiers_visible_to(request.user)
        .filter(attachments__document=document)
        .order_by("-created_at")
    )
    can_act = (
        rights.may_act_on_producer(request.user, document.producer, MANAGE_REGISTRY)
        and not document.is_archived
    )
    return render(
        request,
        "registry/document_detail.html",
        {"document": document, "dossiers": dossiers, "can_act": can_act},
    )


@login_required
def document_download(request, code):
    document = _document(request, code)
    return files.stream_document(document)


@login_required
def document_upload(request, code):
    producer = _producer(request, code)
    if not rights.may_act_on_producer(request.user, producer, MANAGE_REGISTRY):
        raise PermissionDenied
    return _form_page(
        request,
        forms.DocumentForm(request.POST or None, request.FILES or None),
        lambda data: services.document_upload(actor=request.user, producer=producer, **data),
        success=lambda stored: (
            _("The document was uploaded.")
            if stored[1]
            else _("This file was already on record; the existing document is kept.")
        ),
        done=lambda stored: reverse("registry:document_detail", args=[stored[0].public_code]),
        title=_("Upload a document for %(producer)s") % {"producer": producer},
        multipart=True,
    )


document_archive = _post(
    services.document_archive,
    _document,
    "document",
    gettext_lazy("The document was archived."),
    "registry:document_detail",
)


# Dossiers


@login_required
def dossier_list(request):
    qs = selectors.dossiers_visible_to(request.user)
    status = request.GET.get("trang_thai", "")
    kind = request.GET.get("loai", "")
    if status:
        qs = qs.filter(status=status)
    if kind:
        qs = qs.filter(kind=kind)
    qs = qs.annotate(document_count=Count("attachments")).order_by("-created_at", "-pk")
    return _list(
        request,
        "registry/dossier_list.html",
        {
            "page": _page(request, qs),
            "status": status,
            "kind": kind,
            "statuses": DossierStatus.choices,
            "kinds": DossierKind.choices,
        },
    )


def _dossier(request, code):
    return get_object_or_404(selectors.dossiers_visible_to(request.user), public_code=code)


@login_required
def dossier_detail(request, code):
    dossier = _dossier(request, code)
    user = request.user
    product = dossier.product
    attachments = dossier.attachments.select_related("document").order_by(
        "document__doc_type", "document__title", "pk"
    )
    editable = dossier.status in lifecycle.DOSSIER_EDITABLE
    review = dossier.commune_review or {}
    review_rows = [
        (label, review.get(key, {})) for key, label in services.REVIEW_TOPICS if key in review
    ]
    return render(
        request,
        "registry/dossier_detail.html",
        {
            "dossier": dossier,
            "attachments": attachments,
            "review": review,
            "review_rows": review_rows,
            "can_edit": editable and rights.may_act_on_product(user, product, MANAGE_REGISTRY),
            "can_submit": editable and rights.may_act_on_product(user, product, SUBMIT_DOSSIER),
            "can_review": dossier.status == DossierStatus.SUBMITTED
            and rights.may_act_on_product(user, product, REVIEW_DOSSIER),
        },
    )


@login_required
def dossier_create(request, code):
    product = _product(request, code)
    if not rights.may_act_on_product(request.user, product, MANAGE_REGISTRY):
        raise PermissionDenied
    # a re-evaluation is started from the certificate page (certificates:reevaluation_start)
    recognised = product.status == ProductStatus.RECOGNISED
    initial = {"kind": DossierKind.UPGRADE if recognised else DossierKind.FIRST}
    return _form_page(
        request,
        forms.DossierCreateForm(request.POST or None, initial=initial),
        lambda data: services.dossier_create(
            actor=request.user, kind=data["kind"], product=product
        ),
        success=lambda dossier: (
            _("The dossier was opened with %(count)s documents still valid.")
            % {"count": dossier.attachments.count()}
        ),
        done=_to("registry:dossier_detail"),
        title=_("New dossier for %(product)s") % {"product": product},
    )


@login_required
def dossier_attach(request, code):
    dossier = _dossier(request, code)
    if not rights.may_act_on_product(request.user, dossier.product, MANAGE_REGISTRY):
        raise PermissionDenied

    def attach(data):
        for document in data["documents"]:
            services.dossier_attach(actor=request.user, dossier=dossier, document=document)

    return _form_page(
        request,
        forms.DossierAttachForm(request.POST or None, dossier=dossier),
        attach,
        success=_("The documents were attached."),
        done=_to("registry:dossier_detail", dossier),
        title=_("Attach documents to the dossier"),
        back=dossier,
    )


@login_required
@require_POST
def dossier_detach(request, code, document):
    dossier = _dossier(request, code)
    doc = get_object_or_404(dossier.documents.all(), public_code=document)
    return post_action(
        request,
        lambda: services.dossier_detach(actor=request.user, dossier=dossier, document=doc),
        success_message=_("The document was removed from the dossier."),
        redirect_to="registry:dossier_detail",
        code=dossier.public_code,
    )


dossier_submit = _post(
    services.dossier_submit,
    _dossier,
    "dossier",
    gettext_lazy("The dossier was submitted to the commune."),
    "registry:dossier_detail",
)


@login_required
def dossier_review(request, code):
    dossier = _dossier(request, code)
    if not rights.may_act_on_product(request.user, dossier.product, REVIEW_DOSSIER):
        raise PermissionDenied
    form = forms.DossierReviewForm(request.POST or None)
    return _form_page(
        request,
        form,
        lambda data: services.dossier_review(
            actor=request.user,
            dossier=dossier,
            answers=form.answers(),
            forward=data["decision"] == "forward",
            reason=data.get("reason", ""),
        ),
        success=_("The review was recorded."),
        done=_to("registry:dossier_detail", dossier),
        template="registry/dossier_review.html",
        dossier=dossier,
    )
