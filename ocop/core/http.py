"""Conditional, shared answers for public pages: ETag, Last-Modified, Cache-Control, 304 and
the whole answer kept in the shared cache.

``public_cached`` wraps a view whose answer to a visitor who is not signed in depends only on
the public data (``ocop.core.versions.PUBLIC``), the address, the language, the formats
accepted and whether HTMX asked for a fragment. Such a visitor gets an ETag derived from these,
"304 Not Modified" when the browser (or a CDN) already holds that version, and
``Cache-Control: public, no-cache`` so that a copy is always revalidated: a revocation shows on
the very next request. With ``body=True`` (the default) the answer itself is kept in the shared
cache under the same key, provided it carries no per-visitor state: no cookie set, no CSRF
token used while rendering it, no message shown (``shareable``). A visitor who holds a session
or pending messages, and every signed-in user, gets a fresh, private answer.
"""

from __future__ import annotations

import threading
from collections import OrderedDict
from functools import lru_cache, wraps

from django.conf import settings
from django.core.cache import caches
from django.core.exceptions import DisallowedHost
from django.http import HttpResponse
from django.urls import Resolver404, resolve
from django.utils.cache import get_conditional_response, patch_cache_control, patch_vary_headers
from django.utils.http import http_date, quote_etag
from django.utils.translation import get_language, get_language_from_request

from ocop.core.versions import CACHE_ALIAS, digest, request_version

SAFE_METHODS = ("GET", "HEAD")
# Headers a view may set that belong to the answer itself (middleware adds the rest later).
KEPT_HEADERS = ("Content-Type", "Content-Disposition", "Content-Language", "X-Schema-Version")


def is_public_request(request) -> bool:
    """A read by a visitor who is not signed in (no session user, no API token)."""
    if request.method not in SAFE_METHODS or "HTTP_AUTHORIZATION" in request.META:
        return False
    user = getattr(request, "user", None)
    return user is None or not user.is_authenticated


def _holds_visitor_state(request) -> bool:
    """A session or messages waiting to be shown: the answer may be the visitor's own."""
    cookies = request.COOKIES
    return settings.SESSION_COOKIE_NAME in cookies or "messages" in cookies


def shareable(request, response) -> bool:
    """Whether ``response`` holds nothing of this visitor: no cookie set, no CSRF token put in
    it, no message shown in it."""
    if response.cookies or request.META.get("CSRF_COOKIE_NEEDS_UPDATE"):
        return False
    storage = getattr(request, "_messages", None)
    return not getattr(storage, "used", False)


def public_etag(request, *also: str, language: str | None = None) -> str:
    version = request_version(request)
    accept = request.META.get("HTTP_ACCEPT", "")
    htmx = request.META.get("HTTP_HX_REQUEST", "")
    language = language or get_language()
    path = request.get_host() + request.get_full_path()  # the host: validated, and in the key
    parts = (version.key, path, language, accept, htmx, *also)
    return quote_etag(digest(*parts))


def _key(etag: str) -> str:
    return f"ocop:page:{etag.strip(chr(34))}"


def _mark(response, etag: str, last_modified: str) -> None:
    response["ETag"] = etag
    response["Last-Modified"] = last_modified
    shared = getattr(settings, "PUBLIC_SHARED_MAX_AGE", 0)
    patch_cache_control(response, public=True, no_cache=not shared, s_maxage=shared or None)
    patch_vary_headers(response, ("Accept", "Accept-Language", "Cookie", "HX-Request"))


def _entry(response) -> tuple:
    headers = tuple((name, response[name]) for name in KEPT_HEADERS if response.has_header(name))
    return (response.status_code, headers, response.content)


def _from_cache(entry) -> HttpResponse:
    status, headers, content = entry
    response = HttpResponse(content, status=status)
    for name, value in headers:
        response[name] = value
    return response


class _Recent:
    """The answers this process served last, by key, within a budget of bytes: a key names
    one version of the data, so an entry is never stale and needs no invalidation; it only
    spares reading and unpickling the shared cache's copy again."""

    def __init__(self, budget: int):
        self.budget = budget
        self.size = 0
        self.entries: OrderedDict[str, tuple] = OrderedDict()
        self.lock = threading.Lock()

    def get(self, key: str):
        with self.lock:
            entry = self.entries.get(key)
            if entry is not None:
                self.entries.move_to_end(key)
            return entry

    def put(self, key: str, entry: tuple) -> None:
        size = len(entry[2])
        if size > self.budget // 8:
            return
        with self.lock:
            if key in self.entries:
                return
            self.entries[key] = entry
            self.size += size
            while self.size > self.budget:
                _old, dropped = self.entries.popitem(last=False)
                self.size -= len(dropped[2])

    def clear(self) -> None:
        with self.lock:
            self.entries.clear()
            self.size = 0


_recent = _Recent(getattr(settings, "OCOP_RECENT_PAGES_BYTES", 32 * 1024 * 1024))


def forget_recent() -> None:
    """Drop this process's recent answers (tests, whose rolled-back database may show a
    version again)."""
    _recent.clear()


def _kept(key: str):
    """The kept answer of ``key``: this process's recent copy, else the shared cache's."""
    entry = _recent.get(key)
    if entry is None:
        entry = caches[CACHE_ALIAS].get(key)
        if entry is not None:
            _recent.put(key, entry)
    return entry


def _keep(key: str, entry: tuple) -> None:
    caches[CACHE_ALIAS].set(key, entry)
    _recent.put(key, entry)


def _private(view, request, *args, **kwargs):
    response = view(request, *args, **kwargs)
    if request.method in SAFE_METHODS and not response.has_header("Cache-Control"):
        patch_cache_control(response, private=True, no_cache=True)
    return response


def _also(depends_on) -> tuple:
    return (depends_on(),) if depends_on else ()


def public_cached(view=None, *, body: bool = True, depends_on=None):
    """Decorate a view (a function or ``as_view()``); see the module docstring.
    ``depends_on()``, when given, names what else the answer depends on (a string that changes
    with it, such as the keyring's version)."""

    def decorator(view):
        @wraps(view)
        def wrapped(request, *args, **kwargs):
            if not is_public_request(request) or _holds_visitor_state(request):
                return _private(view, request, *args, **kwargs)
            etag = public_etag(request, *_also(depends_on))
            last_modified = http_date(request_version(request).changed_at.timestamp())
            response = get_conditional_response(request, etag=etag, last_modified=None)
            if response is not None:
                _mark(response, etag, last_modified)
                return response
            key = _key(etag)
            entry = _kept(key) if body else None
            if entry is not None:
                response = _from_cache(entry)
            else:
                response = view(request, *args, **kwargs)
                if hasattr(response, "render") and not response.is_rendered:
                    response.render()
                if response.status_code != 200:
                    return response
                if not response.streaming and not shareable(request, response):
                    patch_cache_control(response, private=True, no_cache=True)
                    return response
                if body and not response.streaming:
                    _keep(key, _entry(response))
            _mark(response, etag, last_modified)
            return response

        wrapped.csrf_exempt = getattr(view, "csrf_exempt", False)
        wrapped.public_cache = {"body": body, "depends_on": depends_on}
        return wrapped

    return decorator(view) if view is not None else decorator


@lru_cache(maxsize=4096)
def _spec(path: str, urlconf: str) -> dict | None:
    """How the view of ``path`` is cached (``public_cached``'s settings), or None."""
    try:
        match = resolve(path, urlconf)
    except Resolver404:
        return None
    spec = getattr(match.func, "public_cache", None)
    if spec is None and hasattr(match.func, "cls"):  # a class-based view: its dispatch
        spec = getattr(match.func.cls.dispatch, "public_cache", None)
    return spec


class PublicCacheMiddleware:
    """Answers a repeated public page from the shared cache before the session, CSRF,
    authentication and message layers run: they have nothing to do for a visitor without a
    session, and the page (kept by ``public_cached`` under the same key) holds nothing of any
    visitor. Placed after the security headers (``SecurityMiddleware``, CSP, WhiteNoise), which
    still apply. Only GET, only for requests without an ``Authorization`` header, a session or
    pending messages, only for views decorated with ``public_cached``; everything else goes on
    down the chain unchanged (decision 0072)."""

    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        response = None
        if (
            request.method == "GET"
            and "HTTP_AUTHORIZATION" not in request.META
            and not _holds_visitor_state(request)
        ):
            response = self._cached(request)
        return response if response is not None else self.get_response(request)

    def _cached(self, request):
        spec = _spec(request.path_info, getattr(request, "urlconf", None) or settings.ROOT_URLCONF)
        if spec is None or not spec["body"]:
            return None
        try:
            request.get_host()
        except DisallowedHost:
            return None  # the chain answers 400 as usual
        language = get_language_from_request(request)
        etag = public_etag(request, *_also(spec["depends_on"]), language=language)
        last_modified = http_date(request_version(request).changed_at.timestamp())
        response = get_conditional_response(request, etag=etag, last_modified=None)
        if response is None:
            entry = _kept(_key(etag))
            if entry is None:
                return None
            response = _from_cache(entry)
        _mark(response, etag, last_modified)
        response.headers.setdefault("Content-Language", language)
        response.headers.setdefault("X-Frame-Options", settings.X_FRAME_OPTIONS)
        return response
