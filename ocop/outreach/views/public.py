"""The public pages of fairs and news: no form, no per-visitor state, a fixed number of
queries whatever the number of rows."""

from __future__ import annotations

from django.core.paginator import Paginator
from django.http import FileResponse, Http404
from django.shortcuts import get_object_or_404, render
from django.utils import timezone

from ocop.core.http import public_cached
from ocop.geo.models import AdminUnit, Era, Level
from ocop.outreach import selectors
from ocop.outreach.models import PostCategory, PostStatus

PAST_PER_PAGE = 20
POSTS_PER_PAGE = 12


@public_cached
def fair_list(request):
    today = timezone.localdate()
    past = Paginator(selectors.past_fairs(today), PAST_PER_PAGE).get_page(request.GET.get("trang"))
    return render(
        request,
        "outreach/fair_list.html",
        {"upcoming": list(selectors.upcoming_fairs(today)[:50]), "page": past, "today": today},
    )


@public_cached
def fair_detail(request, code):
    fair = get_object_or_404(selectors.public_fairs(), public_code=code)
    participants = selectors.public_participants(fair)
    return render(
        request,
        "outreach/fair_detail.html",
        {
            "fair": fair,
            "participants": list(participants),
            "totals": selectors.fair_totals(participants),
        },
    )


def _provinces():
    return AdminUnit.objects.filter(era=Era.NEW, level=Level.PROVINCE).order_by("name")


@public_cached
def post_list(request):
    posts = selectors.public_posts()
    category = request.GET.get("loai", "")
    if category:
        posts = posts.filter(category=category) if category in PostCategory.values else posts.none()
    province_key = request.GET.get("tinh", "")
    province = _provinces().filter(key=province_key).first() if province_key else None
    if province_key:
        posts = selectors.posts_about(posts, province) if province else posts.none()
    page = Paginator(posts, POSTS_PER_PAGE).get_page(request.GET.get("trang"))
    return render(
        request,
        "outreach/post_list.html",
        {
            "page": page,
            "categories": PostCategory.choices,
            "category": category,
            "provinces": _provinces(),
            "province": province_key,
        },
    )


@public_cached
def post_detail(request, slug):
    post = get_object_or_404(selectors.public_posts(), slug=slug)
    return render(
        request,
        "outreach/post_detail.html",
        {
            "post": post,
            "products": list(selectors.public_post_products(post)),
            "units": selectors.linked_units(post),
        },
    )


def post_cover(request, code):
    """A post's cover: anyone's once published; before that, only within sight of the
    post's unit (404 otherwise)."""
    post = selectors.public_posts().filter(public_code=code).first()
    if post is None and request.user.is_authenticated:
        post = selectors.posts_visible_to(request.user).filter(public_code=code).first()
    if post is None or not post.cover:
        raise Http404
    try:
        handle = post.cover.open("rb")
    except FileNotFoundError as error:
        raise Http404 from error
    response = FileResponse(handle, content_type="image/jpeg")
    if post.status == PostStatus.PUBLISHED:
        response["Cache-Control"] = "public, max-age=3600"
    return response
