"""Error pages shared by every app."""

import sys

from django.conf import settings
from django.http import Http404, HttpResponseRedirect
from django.shortcuts import render
from django.urls import NoReverseMatch, reverse
from django.utils.http import url_has_allowed_host_and_scheme
from django.utils.translation import gettext as _
from django.views import defaults
from django.views.decorators.http import require_GET

from ocop.core.middleware import busy_response, database_is_busy


def server_error(request):
    """500, except when the database was busy outside a view (a middleware's write, such as the
    session): then the 503 "try again" page."""
    if database_is_busy(sys.exc_info()[1]):
        return busy_response(request)
    return defaults.server_error(request)


# The page where a person asks for an account, once the accounts app offers one; until then
# the public catalogue.
_ASK_PAGES = ("accounts:request", "accounts:account_request", "portal:catalogue")


def _ask_url() -> str:
    for name in _ASK_PAGES:
        try:
            return reverse(name)
        except NoReverseMatch:
            continue
    return "/"


def permission_denied(request, exception=None):
    """403 in Vietnamese (or the reader's language), saying why when the view said so
    (``PermissionDenied(_("…"))``) and where to ask."""
    reason = str(exception) if exception is not None and exception.args else ""
    context = {"reason": reason, "ask_url": _ask_url()}
    return render(request, "403.html", context, status=403)


def not_found(request, exception=None):
    return render(request, "404.html", {"ask_url": _ask_url()}, status=404)


def csrf_failure(request, reason=""):
    """A form sent with a stale or missing security token (``CSRF_FAILURE_VIEW``): the styled
    403 saying the form expired and to reload the page, instead of Django's bare English page.
    Django's technical ``reason`` is not shown."""
    context = {
        "reason": _(
            "The page stayed open too long, or you signed in or out in another tab, so the "
            "form could not be accepted. Reload the page and try again; what you typed may "
            "need to be entered again."
        ),
        "expired": True,
        "reload_url": request.get_full_path(),
    }
    return render(request, "403.html", context, status=403)


@require_GET
def switch_language(request, code):
    """The language switch of every page: a plain link (``/ngon-ngu/en/?next=…``) that keeps the
    choice in the language cookie and goes back. A link, not a form, so public pages carry no
    CSRF token and a shared cache may serve them (decision 0072); a forged link can only change
    the reader's language."""
    if code not in dict(settings.LANGUAGES):
        raise Http404
    next_url = request.GET.get("next", "")
    if not url_has_allowed_host_and_scheme(
        next_url, allowed_hosts={request.get_host()}, require_https=request.is_secure()
    ):
        next_url = "/"
    response = HttpResponseRedirect(next_url)
    response.set_cookie(
        settings.LANGUAGE_COOKIE_NAME,
        code,
        max_age=settings.LANGUAGE_COOKIE_AGE,
        path=settings.LANGUAGE_COOKIE_PATH,
        domain=settings.LANGUAGE_COOKIE_DOMAIN,
        secure=settings.LANGUAGE_COOKIE_SECURE,
        httponly=settings.LANGUAGE_COOKIE_HTTPONLY,
        samesite=settings.LANGUAGE_COOKIE_SAMESITE,
    )
    return response
