"""What the training, support and follow-up pages share."""

from __future__ import annotations

from functools import wraps

from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied
from django.core.paginator import Paginator

from ocop.programme.officers import is_programme_reader


def reader_required(view):
    """Logged in, and an officer or the whole country's office: the programme's pages are
    not for producers or council members."""

    @login_required
    @wraps(view)
    def wrapped(request, *args, **kwargs):
        if not is_programme_reader(request.user):
            raise PermissionDenied
        return view(request, *args, **kwargs)

    return wrapped


def page_of(request, qs):
    return Paginator(qs, 50).get_page(request.GET.get("trang"))
