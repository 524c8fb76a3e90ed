"""Project middleware: response headers Django does not set, and a busy database answered with
503 instead of 500."""

import logging

from django.conf import settings
from django.db import OperationalError
from django.shortcuts import render

logger = logging.getLogger(__name__)

RETRY_AFTER_SECONDS = 5


def database_is_busy(exc: BaseException | None) -> bool:
    """SQLite's answer when another transaction held the write lock past the busy timeout."""
    return isinstance(exc, OperationalError) and "is locked" in str(exc)


def busy_response(request):
    """503 "the system is busy, nothing was saved": the failed write's transaction is rolled back
    (services are atomic, and with ``transaction_mode=IMMEDIATE`` SQLite refuses at ``BEGIN``,
    before anything is written)."""
    logger.warning("database busy: %s %s answered 503", request.method, request.path)
    response = render(request, "503.html", status=503)
    response["Retry-After"] = str(RETRY_AFTER_SECONDS)
    return response


class BusyDatabaseMiddleware:
    """A view that could not get the database's write lock answers a translated 503 page."""

    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        return self.get_response(request)

    def process_exception(self, request, exception):
        if database_is_busy(exception):
            return busy_response(request)
        return None


class PermissionsPolicyMiddleware:
    """Sets ``Permissions-Policy`` from ``settings.PERMISSIONS_POLICY`` (the other security headers
    come from Django's SecurityMiddleware and django-csp)."""

    def __init__(self, get_response):
        self.get_response = get_response
        self.value = ", ".join(
            f"{feature}=({' '.join(allow)})"
            for feature, allow in settings.PERMISSIONS_POLICY.items()
        )

    def __call__(self, request):
        response = self.get_response(request)
        if self.value:
            response.headers.setdefault("Permissions-Policy", self.value)
        return response
