"""News posts: written for a unit, submitted, reviewed by the level above, published,
withdrawn; returned to the author with a comment."""

from __future__ import annotations

from django.db import transaction
from django.utils import timezone
from django.utils.text import slugify
from django.utils.translation import gettext as _

from ocop.accounts.scope import scope_for, unit_in_scope
from ocop.core.audit import audit_log, diff, snapshot
from ocop.core.exceptions import DomainError, PermissionDeniedError
from ocop.core.text import fold, nfc
from ocop.outreach import lifecycle, rights
from ocop.outreach.models import Post, PostCategory, PostStatus
from ocop.outreach.services.images import cover_image_clean
from ocop.registry.selectors import products_changeable_by

TEXT_FIELDS = ("title", "summary", "cover_alt")
POST_FIELDS = ("title", "summary", "body", "category", "cover_alt")


def _body(text: str) -> str:
    """Plain text with paragraphs: line ends unified, spaces at line ends and runs of blank
    lines trimmed."""
    lines = [line.rstrip() for line in (text or "").replace("\r\n", "\n").split("\n")]
    out = "\n".join(lines).strip()
    while "\n\n\n" in out:
        out = out.replace("\n\n\n", "\n\n")
    return out


def _check(actor, fields: dict) -> tuple[dict, list | None, list | None]:
    clean = {key: fields[key] for key in POST_FIELDS if key in fields}
    for key in TEXT_FIELDS:
        if key in clean:
            clean[key] = nfc(clean[key])
    if "body" in clean:
        clean["body"] = _body(clean["body"])
    for key in ("title", "summary", "body", "category"):
        if key in clean and not clean[key]:
            raise DomainError(_("This field is required."), field=key)
    if "category" in clean and clean["category"] not in PostCategory.values:
        raise DomainError(_("Choose a category."), field="category")
    products = list(fields["products"]) if "products" in fields else None
    if products:
        allowed = set(
            products_changeable_by(actor)
            .filter(pk__in=[p.pk for p in products])
            .values_list("pk", flat=True)
        )
        if any(p.pk not in allowed for p in products):
            raise DomainError(_("A linked product lies outside your area."), field="products")
    units = list(fields["units"]) if "units" in fields else None
    if units:
        scope = scope_for(actor)
        if any(not unit_in_scope(unit, scope) for unit in units):
            raise DomainError(_("A linked unit lies outside your area."), field="units")
    return clean, products, units


def _snapshot(post: Post) -> dict:
    """The post's values for the audit; the cover by its stored name (``core.audit.snapshot``
    cannot read an empty file field)."""
    fields = [f.name for f in Post._meta.concrete_fields if f.name not in ("cover", "updated_at")]
    return snapshot(post, fields) | {"cover": post.cover.name or ""}


def _slug(title: str, code: str) -> str:
    base = slugify(fold(title))[:100].strip("-") or "tin"
    return f"{base}-{code[:6].lower()}"


def _store_cover(post: Post, cover) -> None:
    if cover:
        post.cover.save(f"{post.public_code}.jpg", cover_image_clean(cover), save=False)


@transaction.atomic
def post_create(*, actor, author_unit, fields: dict, cover=None) -> Post:
    """A draft written for ``author_unit`` (``None``: the central office)."""
    if not rights.may_write_for(actor, author_unit):
        raise PermissionDeniedError(_("You may not write for this unit."))
    clean, products, units = _check(actor, fields)
    for key in ("title", "summary", "body", "category"):
        if not clean.get(key):
            raise DomainError(_("This field is required."), field=key)
    post = Post(author=actor, author_unit=author_unit, **clean)
    post.slug = _slug(post.title, post.public_code)
    _store_cover(post, cover)
    post.save()
    post.products.set(products or [])
    post.units.set(units or [])
    audit_log(actor=actor, action="outreach.post.created", obj=post, new=_snapshot(post))
    return post


def _stored(post: Post) -> Post:
    return (
        Post.objects.select_for_update(of=("self",)).select_related("author_unit").get(pk=post.pk)
    )


@transaction.atomic
def post_update(*, actor, post: Post, fields: dict, cover=None) -> Post:
    """Change a draft (its address stays)."""
    post = _stored(post)
    rights.require_post_edit(actor, post)
    if post.status != PostStatus.DRAFT:
        raise DomainError(_("Only a draft can be changed."))
    clean, products, units = _check(actor, fields)
    before = _snapshot(post)
    for key, value in clean.items():
        setattr(post, key, value)
    _store_cover(post, cover)
    post.save()
    if products is not None:
        post.products.set(products)
    if units is not None:
        post.units.set(units)
    old, new = diff(before, _snapshot(post))
    if products is not None:
        new["products"] = sorted(p.pk for p in products)
    if units is not None:
        new["units"] = sorted(u.pk for u in units)
    audit_log(actor=actor, action="outreach.post.updated", obj=post, old=old, new=new)
    return post


def _move(actor, post: Post, target: str, action: str, *, note: str = "", **changes) -> Post:
    lifecycle.check_post_move(post.status, target)
    old = post.status
    post.status = target
    for key, value in changes.items():
        setattr(post, key, value)
    post.save()
    audit_log(
        actor=actor,
        action=action,
        obj=post,
        old={"status": old},
        new={"status": target},
        note=note,
    )
    return post


@transaction.atomic
def post_submit(*, actor, post: Post) -> Post:
    """Send a draft to the level above for review."""
    post = _stored(post)
    rights.require_post_edit(actor, post)
    return _move(
        actor, post, PostStatus.SUBMITTED, "outreach.post.submitted", submitted_at=timezone.now()
    )


@transaction.atomic
def post_publish(*, actor, post: Post) -> Post:
    post = _stored(post)
    rights.require_post_review(actor, post)
    return _move(
        actor,
        post,
        PostStatus.PUBLISHED,
        "outreach.post.published",
        published_at=timezone.now(),
        reviewed_by=actor,
        review_comment="",
    )


@transaction.atomic
def post_return(*, actor, post: Post, comment: str) -> Post:
    """Send a submitted post back to its author with what to change."""
    post = _stored(post)
    rights.require_post_review(actor, post)
    comment = nfc(comment)
    if not comment:
        raise DomainError(_("Say what should change."), field="comment")
    return _move(
        actor,
        post,
        PostStatus.DRAFT,
        "outreach.post.returned",
        note=comment,
        reviewed_by=actor,
        review_comment=comment,
    )


@transaction.atomic
def post_withdraw(*, actor, post: Post, reason: str) -> Post:
    """Take a published post off the public pages (its author's unit or a reviewer)."""
    post = _stored(post)
    if not (rights.may_edit_post(actor, post) or rights.may_review_post(actor, post)):
        raise PermissionDeniedError(_("You may not act on this record."))
    reason = nfc(reason)
    if not reason:
        raise DomainError(_("Give the reason."), field="reason")
    return _move(
        actor,
        post,
        PostStatus.WITHDRAWN,
        "outreach.post.withdrawn",
        note=reason,
        review_comment=reason,
    )


@transaction.atomic
def post_reopen(*, actor, post: Post) -> Post:
    """A withdrawn post back to draft, to be corrected and submitted again."""
    post = _stored(post)
    rights.require_post_edit(actor, post)
    return _move(actor, post, PostStatus.DRAFT, "outreach.post.reopened")
