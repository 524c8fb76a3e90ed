"""Document and dossier pages (tài liệu, hồ sơ)."""

from __future__ import annotations

from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied
from django.db import transaction
from django.db.models import Count
from django.shortcuts import get_object_or_404, render
from django.urls import reverse
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy
from django.views.decorators.http import require_POST

from ocop.accounts.permissions import (
    MANAGE_REGISTRY,
    REVIEW_DOSSIER,
    SUBMIT_DOSSIER,
)
from ocop.core.web import post_action
from ocop.registry import files, forms, lifecycle, rights, selectors, services
from ocop.registry.models import (
    DocumentType,
    DossierKind,
    DossierStatus,
    ProductStatus,
)
from ocop.registry.views._common import (
    _form_page,
    _list,
    _page,
    _post,
    _searched,
    _to,
)
from ocop.registry.views.producers import _producer
from ocop.registry.views.products import _product


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
    if status == selectors.AWAITING_ROUND:
        qs = qs.filter(selectors.dossiers_awaiting_round_q())
    elif status:
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
            "statuses": [
                *DossierStatus.choices,
                (selectors.AWAITING_ROUND, _("Waiting for a round")),
            ],
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
            "to_renew": selectors.documents_to_renew(dossier) if editable else [],
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
def dossier_upload(request, code):
    """Upload a document for the dossier's producer and attach it to the dossier, in one step
    and one transaction (``document_upload`` then ``dossier_attach``)."""
    dossier = _dossier(request, code)
    if not rights.may_act_on_product(request.user, dossier.product, MANAGE_REGISTRY):
        raise PermissionDenied

    @transaction.atomic
    def upload_and_attach(data):
        document, _created = services.document_upload(
            actor=request.user, producer=dossier.product.producer, **data
        )
        services.dossier_attach(actor=request.user, dossier=dossier, document=document)
        return document

    return _form_page(
        request,
        forms.DocumentForm(request.POST or None, request.FILES or None),
        upload_and_attach,
        success=_("The document was uploaded and attached to the dossier."),
        done=_to("registry:dossier_detail", dossier),
        title=_("Upload a document to the dossier of %(product)s") % {"product": dossier.product},
        multipart=True,
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
