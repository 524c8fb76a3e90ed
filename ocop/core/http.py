"""Conditional answers for public pages: ETag, Last-Modified, Cache-Control and 304.

``public_cached`` wraps a view whose answer to a visitor who is not signed in depends only on
the public data (``ocop.core.versions.PUBLIC``), the address, the language and the formats
accepted. Such a visitor gets an ETag derived from these, "304 Not Modified" when the browser
(or a CDN) already holds that version, and ``Cache-Control: public, no-cache`` so that a copy is always
revalidated: a revocation shows on the very next request. With ``body=True`` the answer itself
is kept in the shared cache under the same key when it is JSON (no per-visitor state, unlike
a page carrying a CSRF token). Signed-in users get fresh, private answers.
"""

from __future__ import annotations

from functools import wraps

from django.conf import settings
from django.core.cache import caches
from django.http import HttpResponse
from django.utils.cache import get_conditional_response, patch_cache_control, patch_vary_headers
from django.utils.http import http_date, quote_etag
from django.utils.translation import get_language

from ocop.core.versions import CACHE_ALIAS, digest, request_version

SAFE_METHODS = ("GET", "HEAD")


def is_public_request(request) -> bool:
    """A read by a visitor who is not signed in (no session user, no API token)."""
    if request.method not in SAFE_METHODS or "HTTP_AUTHORIZATION" in request.META:
        return False
    user = getattr(request, "user", None)
    return user is None or not user.is_authenticated


def public_etag(request) -> str:
    version = request_version(request)
    accept = request.META.get("HTTP_ACCEPT", "")
    return quote_etag(digest(version.key, request.get_full_path(), get_language(), accept))


def _mark(response, etag: str, last_modified: str) -> None:
    response["ETag"] = etag
    response["Last-Modified"] = last_modified
    shared = getattr(settings, "PUBLIC_SHARED_MAX_AGE", 0)
    patch_cache_control(response, public=True, no_cache=not shared, s_maxage=shared or None)
    patch_vary_headers(response, ("Accept", "Accept-Language", "Cookie"))


def _from_cache(entry) -> HttpResponse:
    status, content_type, content = entry
    return HttpResponse(content, status=status, content_type=content_type)


def public_cached(view=None, *, body: bool = False):
    """Decorate a view (a function or ``as_view()``); see the module docstring."""

    def decorator(view):
        @wraps(view)
        def wrapped(request, *args, **kwargs):
            if not is_public_request(request):
                response = view(request, *args, **kwargs)
                if request.method in SAFE_METHODS and not response.has_header("Cache-Control"):
                    patch_cache_control(response, private=True, no_cache=True)
                return response
            etag = public_etag(request)
            last_modified = http_date(request_version(request).changed_at.timestamp())
            response = get_conditional_response(request, etag=etag, last_modified=None)
            if response is not None:
                _mark(response, etag, last_modified)
                return response
            cache = caches[CACHE_ALIAS]
            key = f"ocop:page:{etag.strip(chr(34))}"
            entry = cache.get(key) if body else None
            if entry is not None:
                response = _from_cache(entry)
            else:
                response = view(request, *args, **kwargs)
                if hasattr(response, "render") and not response.is_rendered:
                    response.render()
                if response.status_code != 200 or response.streaming:
                    return response
                if body and response["Content-Type"].startswith("application/json"):
                    cache.set(key, (200, response["Content-Type"], response.content))
            _mark(response, etag, last_modified)
            return response

        wrapped.csrf_exempt = getattr(view, "csrf_exempt", False)
        return wrapped

    return decorator(view) if view is not None else decorator
