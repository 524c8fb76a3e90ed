"""Writing and reviewing news (/quan-ly/tin-tuc/). Every write goes through
``ocop.outreach.services``; a post outside the user's sight answers 404."""

from __future__ import annotations

from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied
from django.core.paginator import Paginator
from django.shortcuts import get_object_or_404, redirect, render
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from ocop.core.web import form_action, post_action
from ocop.outreach import forms, rights, selectors, services
from ocop.outreach.models import PostStatus


def _post(request, code):
    return get_object_or_404(selectors.posts_visible_to(request.user), public_code=code)


def _to(post):
    return redirect("outreach:post_manage", post.public_code)


def _writer_or_reviewer(user) -> bool:
    return bool(rights.writing_units(user))


@login_required
def post_manage_list(request):
    if not _writer_or_reviewer(request.user):
        raise PermissionDenied
    posts = selectors.posts_visible_to(request.user).order_by("-updated_at")
    status = request.GET.get("trang_thai", "")
    if status in PostStatus.values:
        posts = posts.filter(status=status)
    return render(
        request,
        "outreach/post_manage_list.html",
        {
            "page": Paginator(posts, 30).get_page(request.GET.get("trang")),
            "to_review": list(
                selectors.posts_to_review(request.user).select_related("author_unit")
            ),
            "statuses": PostStatus.choices,
            "status": status,
        },
    )


def _fields(data: dict) -> dict:
    return {key: value for key, value in data.items() if key not in ("cover", "author_unit")}


@login_required
def post_create(request):
    if not rights.writing_units(request.user):
        raise PermissionDenied
    form = forms.PostForm(request.POST or None, request.FILES or None, user=request.user)
    done, post = form_action(
        request,
        form,
        lambda data: services.post_create(
            actor=request.user,
            author_unit=data["author_unit"],
            fields=_fields(data),
            cover=data.get("cover"),
        ),
        success_message=_("The draft was saved."),
    )
    if done:
        return _to(post)
    return render(
        request,
        "registry/form.html",
        {"form": form, "title": _("Write a news post"), "multipart": True},
    )


@login_required
def post_edit(request, code):
    post = _post(request, code)
    if not rights.may_edit_post(request.user, post) or post.status != PostStatus.DRAFT:
        raise PermissionDenied
    initial = {
        "title": post.title,
        "summary": post.summary,
        "body": post.body,
        "category": post.category,
        "cover_alt": post.cover_alt,
        "products": list(post.products.all()),
        "units": list(post.units.all()),
    }
    form = forms.PostForm(
        request.POST or None, request.FILES or None, user=request.user, post=post, initial=initial
    )
    done, _saved = form_action(
        request,
        form,
        lambda data: services.post_update(
            actor=request.user, post=post, fields=_fields(data), cover=data.get("cover")
        ),
        success_message=_("The draft was saved."),
    )
    if done:
        return _to(post)
    title = _("Edit %(title)s") % {"title": post.title}
    return render(request, "registry/form.html", {"form": form, "title": title, "multipart": True})


@login_required
def post_manage(request, code):
    post = _post(request, code)
    user = request.user
    return render(
        request,
        "outreach/post_manage.html",
        {
            "post": post,
            "products": list(post.products.select_related("producer").order_by("name")),
            "units": selectors.linked_units(post),
            "may_edit": rights.may_edit_post(user, post),
            "may_review": rights.may_review_post(user, post),
            "reason_form": forms.ReasonForm(),
        },
    )


def _step(request, code, service, message, **extra):
    post = _post(request, code)
    return post_action(
        request,
        lambda: service(actor=request.user, post=post, **extra),
        success_message=message,
        redirect_to="outreach:post_manage",
        code=post.public_code,
    )


def _reason(request) -> str:
    form = forms.ReasonForm(request.POST)
    return form.cleaned_data["reason"] if form.is_valid() else ""


@login_required
@require_POST
def post_submit(request, code):
    return _step(request, code, services.post_submit, _("The post was sent for review."))


@login_required
@require_POST
def post_publish(request, code):
    return _step(request, code, services.post_publish, _("The post is published."))


@login_required
@require_POST
def post_return(request, code):
    return _step(
        request,
        code,
        services.post_return,
        _("The post was returned to its author."),
        comment=_reason(request),
    )


@login_required
@require_POST
def post_withdraw(request, code):
    return _step(
        request, code, services.post_withdraw, _("The post was withdrawn."), reason=_reason(request)
    )


@login_required
@require_POST
def post_reopen(request, code):
    return _step(request, code, services.post_reopen, _("The post is a draft again."))
