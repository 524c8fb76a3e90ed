"""Public read side. Owns no business rules: it reads through the domain selectors."""

from django.contrib.auth.decorators import login_required
from django.db import connection
from django.http import JsonResponse
from django.shortcuts import render
from django.urls import reverse
from django.utils.translation import gettext as _

from ocop.accounts import permissions as perms
from ocop.accounts.permissions import capabilities_of
from ocop.accounts.scope import scope_for
from ocop.certificates import selectors as certificate_selectors
from ocop.core.http import public_cached
from ocop.evaluation import selectors as evaluation_selectors
from ocop.programme.selectors import followup as programme_followup
from ocop.registry import selectors as registry_selectors
from ocop.reports import selectors as report_selectors


@public_cached
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


def healthz(request):
    with connection.cursor() as cursor:
        cursor.execute("SELECT 1")
    return JsonResponse({"status": "ok"})
