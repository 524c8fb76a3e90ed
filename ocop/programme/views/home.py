"""The programme's hub (``/chuong-trinh/``): the parts an official may use, each with what
waits for them. One count query per part, whatever the number of records."""

from __future__ import annotations

from django.shortcuts import render
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext as _

from ocop.accounts import permissions as perms
from ocop.programme.models import AllocationStatus, CaseStatus, VisitStatus
from ocop.programme.selectors import inspections as inspection_selectors
from ocop.programme.selectors.followup import reports_to_answer
from ocop.programme.selectors.misuse import cases_visible_to
from ocop.programme.selectors.plans import plans_visible_to
from ocop.programme.selectors.support import allocations_visible_to
from ocop.programme.selectors.training import sessions_visible_to
from ocop.programme.views._followup import reader_required


def _part(name: str, title: str, text: str, count=None, count_text: str = "") -> dict:
    return {
        "url": reverse(f"programme:{name}"),
        "title": title,
        "text": text,
        "count": count,
        "count_text": count_text,
    }


@reader_required
def home(request):
    user = request.user
    today = timezone.localdate()
    parts = []
    if perms.has_capability(user, perms.VIEW_ALL):
        parts += [
            _part(
                "plan_list",
                _("Plans and progress"),
                _("The province's plans, targets per unit, milestones and live progress."),
                plans_visible_to(user).filter(year=today.year).count(),
                _("plans this year"),
            ),
            _part(
                "plan_dashboard",
                _("Unit dashboard"),
                _("Your units' targets behind schedule, milestones due, dossiers waiting."),
            ),
        ]
    parts += [
        _part(
            "inspection_plans",
            _("Inspections"),
            _("Inspection plans after recognition, visits, findings and corrective actions."),
            inspection_selectors.visits_assigned_to(user)
            .exclude(status=VisitStatus.CLOSED)
            .count(),
            _("visits assigned to you, not closed"),
        ),
        _part(
            "misuse_cases",
            _("Misuse cases"),
            _("Reports of misused OCOP labels sent by the public."),
            cases_visible_to(user)
            .filter(status__in=[CaseStatus.RECEIVED, CaseStatus.CHECKING])
            .count(),
            _("cases open"),
        ),
        _part(
            "training_list",
            _("Training"),
            _("Training sessions for producers and officials, with attendance."),
            sessions_visible_to(user).filter(starts_on__gte=today).count(),
            _("sessions to come"),
        ),
        _part(
            "support_index",
            _("Support for promising products"),
            _("Funding sources and support allocations, and what became of the products."),
            allocations_visible_to(user).filter(status=AllocationStatus.PROPOSED).count(),
            _("allocations proposed, awaiting approval"),
        ),
        _part(
            "officer_list",
            _("Responsible officers"),
            _("Who follows each unit and product."),
        ),
        _part(
            "report_list",
            _("Unit reports"),
            _("Periodic progress reports of the units, and the answers of the level above."),
            reports_to_answer(user).count(),
            _("reports to answer"),
        ),
    ]
    return render(request, "programme/home.html", {"parts": parts})
