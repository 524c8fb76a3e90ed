"""Helpers shared by the registry pages."""

from __future__ import annotations

from django.core.exceptions import PermissionDenied
from django.core.paginator import Paginator
from django.shortcuts import redirect, render
from django.urls import reverse

from ocop.accounts.permissions import (
    has_capability,
)
from ocop.accounts.scope import scope_for, unit_q
from ocop.core.search import search_problem
from ocop.core.web import form_action, post_view
from ocop.geo.display import attach_current
from ocop.geo.models import AdminUnit, Level
from ocop.registry import selectors

PAGE_SIZE = 25


def _need(user, capability: str) -> None:
    if not has_capability(user, capability):
        raise PermissionDenied


def _page(request, qs, *unit_fields):
    """One page of ``qs``; the former units of ``unit_fields`` get their current unit in one
    query, for the labels "…, now part of …"."""
    page = Paginator(qs, PAGE_SIZE).get_page(request.GET.get("trang"))
    attach_current([getattr(row, name) for row in page for name in unit_fields])
    return page


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
