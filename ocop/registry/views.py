"""Registry pages under /quan-ly/. Reads go through ``selectors`` (out of scope = 404), writes
through ``services`` (a refused right = 403, a refused action = a message on the page)."""

from __future__ import annotations

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied
from django.core.paginator import Paginator
from django.db.models import Count
from django.shortcuts import get_object_or_404, redirect, render
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from ocop.accounts.permissions import (
    MANAGE_REGISTRY,
    REVIEW_DOSSIER,
    SUBMIT_DOSSIER,
    has_capability,
)
from ocop.accounts.scope import scope_for, unit_q
from ocop.core.audit import history_for
from ocop.core.exceptions import DomainError, PermissionDeniedError
from ocop.core.search import search_problem
from ocop.geo.models import AdminUnit, Level
from ocop.registry import files, forms, rights, selectors, services
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


def _apply_error(form, error: DomainError) -> None:
    if isinstance(error, PermissionDeniedError):
        raise PermissionDenied(str(error))
    field = error.field if error.field in form.fields else None
    form.add_error(field, str(error.message))


def _run(request, action, *, success: str):
    """Run a POST-only action; a refusal becomes a message, a missing right a 403."""
    try:
        result = action()
    except PermissionDeniedError as error:
        raise PermissionDenied(str(error)) from error
    except DomainError as error:
        messages.error(request, str(error.message))
        return None
    messages.success(request, success)
    return result


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
            "can_add_product": has_capability(request.user, MANAGE_REGISTRY)
            and not producer.is_archived,
        },
    )


@login_required
def producer_create(request):
    _need(request.user, MANAGE_REGISTRY)
    if not scope_for(request.user).unit_paths and not request.user.is_superuser:
        raise PermissionDenied
    form = forms.ProducerForm(request.POST or None, user=request.user)
    if request.method == "POST" and form.is_valid():
        try:
            producer = services.producer_create(actor=request.user, fields=form.cleaned_data)
        except DomainError as error:
            _apply_error(form, error)
        else:
            messages.success(request, _("The producer was registered."))
            return redirect("registry:producer_detail", code=producer.public_code)
    return render(request, "registry/form.html", {"form": form, "title": _("New producer")})


@login_required
def producer_edit(request, code):
    producer = _producer(request, code)
    if not rights.may_act_on_producer(request.user, producer, MANAGE_REGISTRY):
        raise PermissionDenied
    form = forms.ProducerForm(request.POST or None, instance=producer, user=request.user)
    if request.method == "POST" and form.is_valid():
        try:
            services.producer_update(
                actor=request.user, producer=producer, fields=form.cleaned_data
            )
        except DomainError as error:
            _apply_error(form, error)
        else:
            messages.success(request, _("The changes were saved."))
            return redirect("registry:producer_detail", code=producer.public_code)
    return render(
        request,
        "registry/form.html",
        {"form": form, "title": _("Edit producer"), "back": producer},
    )


@login_required
@require_POST
def producer_archive(request, code):
    producer = _producer(request, code)
    _run(
        request,
        lambda: services.producer_archive(actor=request.user, producer=producer),
        success=_("The producer was archived."),
    )
    return redirect("registry:producer_detail", code=producer.public_code)


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
            "can_submit": rights.may_act_on_product(user, product, SUBMIT_DOSSIER)
            and not product.is_archived,
        },
    )


@login_required
def product_create(request, code):
    producer = _producer(request, code)
    _need(request.user, MANAGE_REGISTRY)
    form = forms.ProductForm(request.POST or None, user=request.user, producer=producer)
    if request.method == "POST" and form.is_valid():
        try:
            product = services.product_create(
                actor=request.user, producer=producer, fields=form.cleaned_data
            )
        except DomainError as error:
            _apply_error(form, error)
        else:
            messages.success(request, _("The product was registered."))
            return redirect("registry:product_detail", code=product.public_code)
    return render(
        request,
        "registry/form.html",
        {"form": form, "title": _("New product of %(producer)s") % {"producer": producer}},
    )


@login_required
def product_edit(request, code):
    product = _product(request, code)
    if not rights.may_act_on_product(request.user, product, MANAGE_REGISTRY):
        raise PermissionDenied
    form = forms.ProductForm(
        request.POST or None, instance=product, user=request.user, producer=product.producer
    )
    if request.method == "POST" and form.is_valid():
        try:
            services.product_update(actor=request.user, product=product, fields=form.cleaned_data)
        except DomainError as error:
            _apply_error(form, error)
        else:
            messages.success(request, _("The changes were saved."))
            return redirect("registry:product_detail", code=product.public_code)
    return render(request, "registry/form.html", {"form": form, "title": _("Edit product")})


@login_required
def product_photo_add(request, code):
    product = _product(request, code)
    if not rights.may_act_on_product(request.user, product, MANAGE_REGISTRY):
        raise PermissionDenied
    form = forms.PhotoForm(request.POST or None, request.FILES or None)
    if request.method == "POST" and form.is_valid():
        try:
            services.product_photo_add(actor=request.user, product=product, **form.cleaned_data)
        except DomainError as error:
            _apply_error(form, error)
        else:
            messages.success(request, _("The photo was added."))
            return redirect("registry:product_detail", code=product.public_code)
    return render(
        request,
        "registry/form.html",
        {
            "form": form,
            "title": _("Add a photo of %(product)s") % {"product": product},
            "multipart": True,
        },
    )


@login_required
def product_photo(request, code, photo):
    """A product photo for users who may see the product (public or not)."""
    product = _product(request, code)
    item = get_object_or_404(product.photos.all(), pk=photo)
    return files.stream_image(item)


@login_required
@require_POST
def product_archive(request, code):
    product = _product(request, code)
    _run(
        request,
        lambda: services.product_archive(actor=request.user, product=product),
        success=_("The product was archived."),
    )
    return redirect("registry:product_detail", code=product.public_code)


@login_required
@require_POST
def product_submit(request, code):
    product = _product(request, code)
    _run(
        request,
        lambda: services.product_submit(actor=request.user, product=product),
        success=_("The dossier was submitted to the commune."),
    )
    return redirect("registry:product_detail", code=product.public_code)


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
    form = forms.DocumentForm(request.POST or None, request.FILES or None)
    if request.method == "POST" and form.is_valid():
        data = form.cleaned_data
        try:
            document, created = services.document_upload(
                actor=request.user, producer=producer, **data
            )
        except DomainError as error:
            _apply_error(form, error)
        else:
            if created:
                messages.success(request, _("The document was uploaded."))
            else:
                messages.info(
                    request, _("This file was already on record; the existing document is kept.")
                )
            return redirect("registry:document_detail", code=document.public_code)
    return render(
        request,
        "registry/form.html",
        {
            "form": form,
            "title": _("Upload a document for %(producer)s") % {"producer": producer},
            "multipart": True,
        },
    )


@login_required
@require_POST
def document_archive(request, code):
    document = _document(request, code)
    _run(
        request,
        lambda: services.document_archive(actor=request.user, document=document),
        success=_("The document was archived."),
    )
    return redirect("registry:document_detail", code=document.public_code)


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
    editable = dossier.status in services.lifecycle.DOSSIER_EDITABLE
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
    initial = {"kind": DossierKind.FIRST}
    if product.status == ProductStatus.RECOGNISED:
        initial["kind"] = DossierKind.UPGRADE
    elif product.status == ProductStatus.EXPIRED:
        initial["kind"] = DossierKind.REEVALUATION
    form = forms.DossierCreateForm(request.POST or None, initial=initial)
    if request.method == "POST" and form.is_valid():
        try:
            dossier = services.dossier_create(
                actor=request.user, kind=form.cleaned_data["kind"], product=product
            )
        except DomainError as error:
            _apply_error(form, error)
        else:
            messages.success(
                request,
                _("The dossier was opened with %(count)s documents still valid.")
                % {"count": dossier.attachments.count()},
            )
            return redirect("registry:dossier_detail", code=dossier.public_code)
    return render(
        request,
        "registry/form.html",
        {"form": form, "title": _("New dossier for %(product)s") % {"product": product}},
    )


@login_required
def dossier_attach(request, code):
    dossier = _dossier(request, code)
    if not rights.may_act_on_product(request.user, dossier.product, MANAGE_REGISTRY):
        raise PermissionDenied
    form = forms.DossierAttachForm(request.POST or None, dossier=dossier)
    if request.method == "POST" and form.is_valid():
        try:
            for document in form.cleaned_data["documents"]:
                services.dossier_attach(actor=request.user, dossier=dossier, document=document)
        except DomainError as error:
            _apply_error(form, error)
        else:
            messages.success(request, _("The documents were attached."))
            return redirect("registry:dossier_detail", code=dossier.public_code)
    return render(
        request,
        "registry/form.html",
        {"form": form, "title": _("Attach documents to the dossier"), "back": dossier},
    )


@login_required
@require_POST
def dossier_detach(request, code, document):
    dossier = _dossier(request, code)
    doc = get_object_or_404(dossier.documents.all(), public_code=document)
    _run(
        request,
        lambda: services.dossier_detach(actor=request.user, dossier=dossier, document=doc),
        success=_("The document was removed from the dossier."),
    )
    return redirect("registry:dossier_detail", code=dossier.public_code)


@login_required
@require_POST
def dossier_submit(request, code):
    dossier = _dossier(request, code)
    _run(
        request,
        lambda: services.dossier_submit(actor=request.user, dossier=dossier),
        success=_("The dossier was submitted to the commune."),
    )
    return redirect("registry:dossier_detail", code=dossier.public_code)


@login_required
def dossier_review(request, code):
    dossier = _dossier(request, code)
    if not rights.may_act_on_product(request.user, dossier.product, REVIEW_DOSSIER):
        raise PermissionDenied
    form = forms.DossierReviewForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        try:
            services.dossier_review(
                actor=request.user,
                dossier=dossier,
                answers=form.answers(),
                forward=form.cleaned_data["decision"] == "forward",
                reason=form.cleaned_data.get("reason", ""),
            )
        except DomainError as error:
            _apply_error(form, error)
        else:
            messages.success(request, _("The review was recorded."))
            return redirect("registry:dossier_detail", code=dossier.public_code)
    return render(request, "registry/dossier_review.html", {"form": form, "dossier": dossier})
