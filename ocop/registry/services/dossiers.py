"""Dossiers (hồ sơ): opened for a product, documents attached, submitted to the commune,
reviewed and forwarded, then moved on by the evaluation and certificate services."""

from __future__ import annotations

from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from ocop.accounts.permissions import MANAGE_REGISTRY, REVIEW_DOSSIER, SUBMIT_DOSSIER
from ocop.core.audit import audit_log, snapshot
from ocop.core.exceptions import DomainError
from ocop.registry import lifecycle, rights
from ocop.registry.models import (
    Document,
    Dossier,
    DossierDocument,
    DossierKind,
    DossierStatus,
    Product,
    ProductStatus,
)
from ocop.registry.services._common import ensure_not_archived
from ocop.registry.services.products import product_move

# The four topics of the commune's preliminary review (Form 03).
REVIEW_TOPICS = (
    ("local_raw_material", gettext_lazy("Local raw material")),
    ("local_labour", gettext_lazy("Local labour")),
    ("idea_origin", gettext_lazy("Origin of the product idea")),
    ("local_identity", gettext_lazy("Local identity and know-how")),
)
OPEN_DOSSIER_STATUSES = (
    DossierStatus.DRAFT,
    DossierStatus.SUBMITTED,
    DossierStatus.RETURNED,
    DossierStatus.FORWARDED,
    DossierStatus.IN_EVALUATION,
)


def _open_dossier(product: Product) -> Dossier | None:
    return (
        product.dossiers.filter(status__in=lifecycle.DOSSIER_EDITABLE)
        .order_by("-created_at", "-pk")
        .first()
    )


@transaction.atomic
def product_submit(*, actor, product: Product) -> Dossier:
    """Submit the product's open dossier to the commune."""
    rights.require_product(actor, product, SUBMIT_DOSSIER)
    dossier = _open_dossier(product)
    if dossier is None:
        raise DomainError(_("Create a dossier for this product before submitting it."))
    return dossier_submit(actor=actor, dossier=dossier)


_KIND_NEEDS = {
    DossierKind.FIRST: {ProductStatus.DRAFT},
    DossierKind.UPGRADE: {ProductStatus.RECOGNISED},
    DossierKind.REEVALUATION: {ProductStatus.RECOGNISED, ProductStatus.EXPIRED},
}


@transaction.atomic
def dossier_create(*, actor, kind: str, product: Product) -> Dossier:
    """Open a dossier and attach the producer's documents that are still valid today, so an
    upgrade or re-evaluation does not upload again what was filed before. A re-evaluation is
    started from its certificate (``ocop.certificates.reevaluation.reevaluation_start``), which
    links the dossier to the certificate."""
    rights.require_product(actor, product, MANAGE_REGISTRY)
    ensure_not_archived(product)
    if kind not in _KIND_NEEDS:
        raise DomainError(_("Choose the kind of dossier."), field="kind")
    if product.status not in _KIND_NEEDS[kind]:
        raise DomainError(
            _("A “%(kind)s” dossier cannot be opened for a product that is “%(status)s”.")
            % {"kind": DossierKind(kind).label, "status": product.get_status_display()},
            field="kind",
        )
    if product.dossiers.filter(status__in=OPEN_DOSSIER_STATUSES).exists():
        raise DomainError(_("This product already has an open dossier."))
    dossier = Dossier.objects.create(
        product=product,
        kind=kind,
        criteria_set=product.product_set.criteria_set if product.product_set_id else None,
    )
    previous = _prefill_from_previous(dossier) if kind == DossierKind.REEVALUATION else None
    today = timezone.localdate()
    reusable = [
        d
        for d in product.producer.documents.filter(archived_at__isnull=True)
        if d.is_valid_on(today)
    ]
    DossierDocument.objects.bulk_create(
        [DossierDocument(dossier=dossier, document=d) for d in reusable]
    )
    audit_log(
        actor=actor,
        action="registry.dossier.created",
        obj=dossier,
        new={
            **snapshot(dossier),
            "documents": [d.pk for d in reusable],
            "prefilled_from": previous.public_code if previous else None,
        },
    )
    return dossier


def _prefill_from_previous(dossier: Dossier) -> Dossier | None:
    """A re-evaluation starts from the product's last dossier: its self-assessment answers are
    copied when it was filed under the same criteria set (another set asks other questions)."""
    previous = (
        dossier.product.dossiers.exclude(pk=dossier.pk)
        .filter(criteria_set_id=dossier.criteria_set_id, self_assessment__isnull=False)
        .order_by("-created_at", "-pk")
        .first()
    )
    if previous is None or dossier.criteria_set_id is None:
        return None
    dossier.self_assessment = previous.self_assessment
    dossier.self_total, dossier.self_stars = previous.self_total, previous.self_stars
    dossier.save(update_fields=["self_assessment", "self_total", "self_stars", "updated_at"])
    return previous


def _ensure_editable(dossier: Dossier) -> None:
    if dossier.status not in lifecycle.DOSSIER_EDITABLE:
        raise DomainError(_("This dossier can no longer be changed."))


@transaction.atomic
def dossier_attach(
    *, actor, dossier: Dossier, document: Document, criterion_code: str = "", note: str = ""
) -> DossierDocument:
    rights.require_product(actor, dossier.product, MANAGE_REGISTRY)
    _ensure_editable(dossier)
    if document.producer_id != dossier.product.producer_id:
        raise DomainError(_("Only the producer's own documents can be attached."), field="document")
    if not document.is_valid_on(timezone.localdate()):
        raise DomainError(
            _("The document “%(title)s” is archived or expired.") % {"title": document.title},
            field="document",
        )
    link, created = DossierDocument.objects.get_or_create(
        dossier=dossier,
        document=document,
        defaults={"criterion_code": criterion_code, "note": note},
    )
    if created:
        audit_log(
            actor=actor,
            action="registry.dossier.document_attached",
            obj=dossier,
            new={"document": document.pk, "criterion_code": criterion_code},
        )
    return link


@transaction.atomic
def dossier_detach(*, actor, dossier: Dossier, document: Document) -> None:
    rights.require_product(actor, dossier.product, MANAGE_REGISTRY)
    _ensure_editable(dossier)
    deleted, _count = DossierDocument.objects.filter(dossier=dossier, document=document).delete()
    if deleted:
        audit_log(
            actor=actor,
            action="registry.dossier.document_detached",
            obj=dossier,
            old={"document": document.pk},
        )


def _move_dossier(actor, dossier: Dossier, to: str, action: str, note: str = "", **extra):
    lifecycle.check_dossier_move(dossier.status, to)
    old = {"status": dossier.status}
    dossier.status = to
    for name, value in extra.items():
        setattr(dossier, name, value)
    dossier.save()
    audit_log(
        actor=actor,
        action=action,
        obj=dossier,
        old=old,
        new={"status": to, **{k: v for k, v in extra.items() if k != "reviewed_by"}},
        note=note,
    )
    return dossier


@transaction.atomic
def dossier_submit(*, actor, dossier: Dossier) -> Dossier:
    """The producer files the dossier with the commune."""
    product = dossier.product
    rights.require_product(actor, product, SUBMIT_DOSSIER)
    ensure_not_archived(product)
    if not product.product_set_id:
        raise DomainError(_("Choose the product set before submitting."), field="product_set")
    today = timezone.localdate()
    documents = list(dossier.documents.all())
    if not documents:
        raise DomainError(_("Attach at least one document before submitting."), field="documents")
    stale = [d.title for d in documents if not d.is_valid_on(today)]
    if stale:
        raise DomainError(
            _("These documents are archived or expired: %(titles)s.")
            % {"titles": ", ".join(stale)},
            field="documents",
        )
    _move_dossier(
        actor,
        dossier,
        DossierStatus.SUBMITTED,
        "registry.dossier.submitted",
        submitted_at=timezone.now(),
    )
    if product.status in (ProductStatus.DRAFT, ProductStatus.EXPIRED):
        product_move(actor=actor, product=product, to=ProductStatus.SUBMITTED)
    return dossier


@transaction.atomic
def dossier_move(*, actor, dossier: Dossier, to: str, note: str = "") -> Dossier:
    """Move a forwarded dossier on (into evaluation, closed). Called by the evaluation services,
    which check the actor's rights; the commune's own moves go through ``dossier_review``."""
    if to not in (DossierStatus.IN_EVALUATION, DossierStatus.CLOSED, DossierStatus.RETURNED):
        raise DomainError(_("Use the submission or the commune review for this step."))
    return _move_dossier(actor, dossier, to, f"registry.dossier.{to}", note=note)


@transaction.atomic
def dossier_review(
    *, actor, dossier: Dossier, answers: dict, forward: bool, reason: str = ""
) -> Dossier:
    """The commune's preliminary review: each topic yes/no with a note, then forward to the
    province (every topic must be met) or return to the producer with a reason."""
    product = dossier.product
    rights.require_product(actor, product, REVIEW_DOSSIER)
    if dossier.status != DossierStatus.SUBMITTED:
        raise DomainError(_("Only a submitted dossier can be reviewed."), code="illegal_transition")
    review = {}
    for key, label in REVIEW_TOPICS:
        answer = answers.get(key) or {}
        if answer.get("ok") is None:
            raise DomainError(_("Answer “%(topic)s”.") % {"topic": label}, field=f"{key}_ok")
        review[key] = {"ok": bool(answer["ok"]), "note": (answer.get("note") or "").strip()}
    reason = (reason or "").strip()
    if forward and not all(item["ok"] for item in review.values()):
        raise DomainError(
            _("A dossier can be forwarded only when every topic is met; return it instead."),
            field="decision",
        )
    if not forward and not reason:
        raise DomainError(_("Give the reason for returning the dossier."), field="reason")
    now = timezone.now()
    review.update(
        {"decision": "forward" if forward else "return", "reason": reason, "at": now.isoformat()}
    )
    if forward:
        _move_dossier(
            actor,
            dossier,
            DossierStatus.FORWARDED,
            "registry.dossier.forwarded",
            commune_review=review,
            reviewed_by=actor,
            forwarded_at=now,
        )
        if product.status == ProductStatus.SUBMITTED:
            product_move(actor=actor, product=product, to=ProductStatus.UNDER_REVIEW)
    else:
        _move_dossier(
            actor,
            dossier,
            DossierStatus.RETURNED,
            "registry.dossier.returned",
            commune_review=review,
            reviewed_by=actor,
        )
        if product.status == ProductStatus.SUBMITTED:
            product_move(actor=actor, product=product, to=ProductStatus.DRAFT, note=reason)
    return dossier
