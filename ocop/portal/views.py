"""Public read side. Owns no business rules: it reads through the domain selectors."""

from django.contrib.auth.decorators import login_required
from django.core.paginator import Paginator
from django.db import connection
from django.http import JsonResponse
from django.shortcuts import get_object_or_404, render

from ocop.registry import selectors as registry_selectors


def home(request):
    counts = registry_selectors.public_counts()
    return render(request, "portal/home.html", {"counts": counts})


@login_required
def dashboard(request):
    return render(request, "portal/dashboard.html", {})


def catalogue(request):
    query = request.GET.get("q", "")
    products = registry_selectors.public_catalogue(query=query, stars=request.GET.get("sao"))
    page = Paginator(products, 24).get_page(request.GET.get("trang"))
    template = "portal/_catalogue_rows.html" if request.htmx else "portal/catalogue.html"
    return render(request, template, {"page": page, "query": query})


def product_detail(request, code):
    product = get_object_or_404(registry_selectors.public_catalogue(), public_code=code)
    return render(request, "portal/product.html", {"product": product})


def healthz(request):
    with connection.cursor() as cursor:
        cursor.execute("SELECT 1")
    return JsonResponse({"status": "ok"})


def not_found(request, exception=None):
    return render(request, "404.html", status=404)
