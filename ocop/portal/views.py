"""Public read side. Owns no business rules: it reads through the domain selectors."""

from django.contrib.auth.decorators import login_required
from django.core.paginator import Paginator
from django.db import connection
from django.http import JsonResponse
from django.shortcuts import get_object_or_404, render
from django.urls import reverse
from django.utils.translation import gettext as _

from ocop.accounts import permissions as perms
from ocop.accounts.permissions import capabilities_of
from ocop.accounts.scope import scope_for
from ocop.certificates import selectors as certificate_selectors
from ocop.certificates.public import public_status
from ocop.core.search import search_problem
from ocop.criteria.models import ProductSet
from ocop.evaluation import selectors as evaluation_selectors
from ocop.geo.display import attach_current
from ocop.geo.models import AdminUnit, Era, Level
from ocop.programme.selectors import followup as programme_followup
from ocop.registry import files as registry_files
from ocop.registry import selectors as registry_selectors
from ocop.reports import selectors as report_selectors


def home(request):
    counts = report_selectors.recognised_today()
    return render(request, "portal/home.html", {"counts": counts})


def _queues(user, caps) -> list[dict]:
    """What waits for the user, each with its count and the filtered list it links to. Each
    queue is one count query, asked only of those who work it."""
    queues = []

    def add(label, qs, url):
        queues.append({"label": label, "count": qs.count(), "url": url})

    if perms.REVIEW_DOSSIER in caps:
        add(
            _("Dossiers to review"),
            registry_selectors.dossiers_to_review(user),
            reverse("registry:dossier_list") + "?trang_thai=submitted",
        )
    if perms.MANAGE_ROUNDS in caps:
        add(
            _("Dossiers forwarded and waiting for a round"),
            registry_selectors.dossiers_awaiting_round(user),
            reverse("registry:dossier_list") + f"?trang_thai={registry_selectors.AWAITING_ROUND}",
        )
    if perms.SCORE in caps or user.council_seats.exists():
        add(
            _("Score sheets to fill"),
            evaluation_selectors.sheets_to_score(user),
            reverse("evaluation:my_sheets") + "?trang_thai=draft",
        )
    if perms.MANAGE_ROUNDS in caps or perms.SCORE in caps:
        add(
            _("Results to finalise"),
            evaluation_selectors.results_to_finalise(user),
            reverse("evaluation:results_queue"),
        )
    if perms.ISSUE_CERTIFICATE in caps:
        add(
            _("Results waiting for a recognition decision"),
            certificate_selectors.results_awaiting_decision(user),
            reverse("certificates:decision_create"),
        )
    if perms.VIEW_ALL in caps or perms.MANAGE_REGISTRY in caps:
        add(
            _("Certificates in their re-evaluation window"),
            certificate_selectors.certificates_in_reevaluation_window(user),
            reverse("certificates:certificates") + "?danh_gia_lai=1",
        )
    if perms.VIEW_ALL in caps:
        add(
            _("Unit reports waiting for your answer"),
            programme_followup.reports_to_answer(user),
            reverse("programme:report_list") + "?trang_thai=submitted",
        )
    return queues


@login_required
def dashboard(request):
    scope = scope_for(request.user)
    caps = capabilities_of(request.user)
    return render(
        request,
        "portal/dashboard.html",
        {
            "caps": caps,
            "queues": _queues(request.user, caps),
            "own_producers": registry_selectors.producers_visible_to(request.user).filter(
                pk__in=scope.producer_ids
            )
            if scope.producer_ids
            else [],
            "has_units": bool(scope.unit_paths) or scope.everything,
        },
    )


def _provinces():
    return AdminUnit.objects.filter(era=Era.NEW, level=Level.PROVINCE).order_by("name")


def _set_choices():
    """Product-set numbers and names of the criteria sets in force."""
    return (
        ProductSet.objects.filter(criteria_set__effective_to__isnull=True)
        .order_by("number")
        .values_list("number", "name_vi")
        .distinct()
    )


def catalogue(request):
    query = request.GET.get("q", "")
    search_error = search_problem(query)
    province_key = request.GET.get("tinh", "")
    province = _provinces().filter(key=province_key).first() if province_key else None
    products = registry_selectors.public_catalogue(
        query="" if search_error else query,
        stars=request.GET.get("sao"),
        province=province,
        set_number=request.GET.get("bo"),
    ).filter(pk__in=certificate_selectors.recognised_product_ids())
    if search_error or (province_key and province is None):
        products = products.none()
    page = Paginator(products, 24).get_page(request.GET.get("trang"))
    attach_current([product.province for product in page])
    context = {
        "page": page,
        "query": query,
        "search_error": search_error,
        "stars": request.GET.get("sao", ""),
        "province": province_key,
        "set_number": request.GET.get("bo", ""),
    }
    if request.htmx:
        return render(request, "portal/_catalogue_rows.html", context)
    context.update({"provinces": _provinces(), "sets": _set_choices()})
    return render(request, "portal/catalogue.html", context)


def _certified():
    """Products with a certificate: their page stays, and says whether it is still valid."""
    return registry_selectors.public_products().filter(
        pk__in=certificate_selectors.certified_product_ids()
    )


def product_detail(request, code):
    product = get_object_or_404(_certified(), public_code=code)
    certificate = certificate_selectors.certificate_in_force(product)
    return render(
        request,
        "portal/product.html",
        {
            "product": product,
            "photos": product.photos.filter(is_public=True),
            "certificate": certificate,
            "certificate_status": public_status(certificate) if certificate else None,
        },
    )


def product_photo(request, code, photo):
    """A public photo of a recognised product; every other upload stays private."""
    product = get_object_or_404(_certified(), public_code=code)
    item = get_object_or_404(product.photos.filter(is_public=True), pk=photo)
    return registry_files.stream_image(item)


def healthz(request):
    with connection.cursor() as cursor:
        cursor.execute("SELECT 1")
    return JsonResponse({"status": "ok"})
