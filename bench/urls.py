"""The application's addresses plus ``/bench/bare.json``: the cheapest answer Django can give
through the same middleware, the unit of every ratio in ``bench/portal.py``."""

from django.http import JsonResponse
from django.urls import path

from ocop.urls import handler403, handler404, handler500
from ocop.urls import urlpatterns as app_urlpatterns

__all__ = ["handler403", "handler404", "handler500", "urlpatterns"]


def bare(request):
    return JsonResponse({"ok": True})


urlpatterns = [path("bench/bare.json", bare, name="bench-bare"), *app_urlpatterns]
