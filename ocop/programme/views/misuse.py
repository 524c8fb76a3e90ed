"""Misuse reports: the public form and the case-code page, and the officers' case pages."""

from __future__ import annotations

from django.conf import settings
from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied
from django.http import FileResponse, Http404
from django.shortcuts import get_object_or_404, redirect, render
from django.urls import reverse
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from ocop.accounts.client import within_limit
from ocop.core.web import form_action
from ocop.geo.display import attach_current
from ocop.programme.models import CaseStatus, MisuseKind
from ocop.programme.selectors import inspections as inspection_selectors
from ocop.programme.selectors.misuse import cases_visible_to, may_work_case, public_case
from ocop.programme.services import misuse as services
from ocop.programme.services.misuse import reported_product
from ocop.programme.views._followup import page_of
from ocop.programme.views.inspect_forms import CaseMoveForm, LookupForm, MisuseForm

T = "programme/misuse/"


def _limit(name: str, default: int) -> int:
    return int(getattr(settings, name, default))


def report(request):
    """The public form (no account): pre-filled with the certificate code or the product when
    opened from the verification page or the catalogue; each client address may send a few
    reports an hour."""
    initial = {
        "certificate_code": request.GET.get("ma", "")[:30],
        "product_code": request.GET.get("san-pham", "")[:16],
        "kind": request.GET.get("loai", "") if request.GET.get("loai") in MisuseKind.values else "",
    }
    form = MisuseForm(request.POST or None, request.FILES or None, initial=initial)
    product = reported_product(
        certificate_code=(form.data.get("certificate_code") if form.is_bound else None)
        or initial["certificate_code"],
        product_code=(form.data.get("product_code") if form.is_bound else None)
        or initial["product_code"],
    )
    if request.method == "POST" and not within_limit(
        request, "misuse-report", limit=_limit("MISUSE_REPORT_LIMIT", 5), seconds=3600
    ):
        messages.error(
            request,
            _(
                "Too many reports have been sent from your connection. Please try again in an "
                "hour, or call the OCOP office of your province."
            ),
        )
        return render(request, T + "report.html", {"form": form, "product": product}, status=429)
    done, case = form_action(
        request,
        form,
        lambda d: services.misuse_report_submit(**d),
        success_message=_("Thank you: your report is received."),
    )
    if done:
        return redirect(f"{reverse('programme:misuse_status')}?ma={case.code}")
    return render(request, T + "report.html", {"form": form, "product": product})


def status(request):
    """What a reporter reads by the case code: kind, status, answer (nothing private)."""
    form = LookupForm(request.GET or None)
    case = None
    if form.is_bound and form.is_valid():
        if not within_limit(
            request, "misuse-lookup", limit=_limit("MISUSE_LOOKUP_LIMIT", 30), seconds=600
        ):
            return render(request, T + "status.html", {"form": form, "limited": True}, status=429)
        case = public_case(form.cleaned_data["ma"])
    return render(
        request,
        T + "status.html",
        {"form": form, "case": case, "asked": form.is_bound},
        status=404 if form.is_bound and case is None else 200,
    )


@login_required
def cases(request):
    qs = cases_visible_to(request.user)
    wanted = request.GET.get("trang-thai", "")
    if wanted in CaseStatus.values:
        qs = qs.filter(status=wanted)
    page = page_of(request, qs)
    attach_current([case.unit for case in page])
    return render(
        request,
        T + "cases.html",
        {"page": page, "statuses": CaseStatus.choices, "wanted": wanted},
    )


def _case(request, code):
    return get_object_or_404(cases_visible_to(request.user), code=code)


@login_required
def case_detail(request, code):
    case = _case(request, code)
    may_work = may_work_case(request.user, case)
    plans = (
        inspection_selectors.plans_visible_to(request.user).filter(
            province__in=inspection_selectors.planning_provinces(request.user)
        )
        if may_work and case.status == CaseStatus.CONFIRMED and case.product_id
        else []
    )
    return render(
        request,
        T + "case.html",
        {
            "case": case,
            "may_work": may_work,
            "form": CaseMoveForm(initial={"answer": case.answer}) if may_work else None,
            "plans": plans,
            "visits": case.visits.select_related("plan"),
        },
    )


@login_required
@require_POST
def case_move(request, code):
    case = _case(request, code)
    if not may_work_case(request.user, case):
        raise PermissionDenied
    form = CaseMoveForm(request.POST)
    done, _value = form_action(
        request,
        form,
        lambda d: services.misuse_case_move(actor=request.user, report=case, **d),
        success_message=_("The case is updated."),
    )
    if not done:
        for errors in form.errors.values():
            for error in errors:
                messages.error(request, error)
    return redirect("programme:misuse_case", code=case.code)


@login_required
def case_photo(request, code):
    case = _case(request, code)
    if not case.photo:
        raise Http404
    try:
        handle = case.photo.open("rb")
    except FileNotFoundError as error:
        raise Http404 from error
    extension = case.photo.name.rsplit(".", 1)[-1].lower()
    content_type = {"jpg": "image/jpeg", "png": "image/png", "webp": "image/webp"}.get(
        extension, "application/octet-stream"
    )
    return FileResponse(handle, content_type=content_type)
