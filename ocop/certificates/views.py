"""Certificate pages: decisions, certificates, revocation and the PDF. The public verification
doors are in ``verify_views``."""

from __future__ import annotations

import datetime

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied
from django.core.paginator import Paginator
from django.http import HttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.utils import timezone
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from ocop.accounts import permissions as perms
from ocop.certificates import reevaluation, selectors, services, signing
from ocop.certificates.forms import DecisionDayForm
from ocop.certificates.labels import verification_address, verification_url
from ocop.certificates.models import DecisionLevel, RevocationGround
from ocop.certificates.pdf import certificate_document, to_bytes
from ocop.certificates.public import public_status
from ocop.core.dates import parse_day
from ocop.core.search import search_problem
from ocop.core.web import confirmed, run_action


def _page(request, qs):
    return Paginator(qs, 50).get_page(request.GET.get("trang"))


@login_required
def certificates(request):
    qs = selectors.certificates_visible_to(request.user).order_by("-issued_on", "-id")
    today = timezone.localdate()
    query = request.GET.get("q", "").strip()
    search_error = search_problem(query)
    qs = qs.none() if search_error else selectors.certificates_matching(qs, query)
    window = request.GET.get("danh_gia_lai") == "1"
    if window:
        qs = qs.filter(pk__in=selectors.certificates_in_reevaluation_window(request.user, today))
    page = _page(request, qs)
    rows = [(c, c.status_on(today)) for c in page]
    return render(
        request,
        "certificates/certificates.html",
        {
            "page": page,
            "rows": rows,
            "css": selectors.STATUS_CSS,
            "query": query,
            "search_error": search_error,
            "window": window,
        },
    )


@login_required
def certificate_detail(request, code):
    cert = get_object_or_404(selectors.certificates_visible_to(request.user), code=code)
    return render(
        request,
        "certificates/certificate.html",
        {
            "cert": cert,
            "status": public_status(cert),
            "css": selectors.STATUS_CSS,
            "signed": signing.verify(cert),
            "can_revoke": services.can_revoke(request.user, cert) and not cert.revoked,
            "can_reevaluate": reevaluation.may_start_reevaluation(request.user, cert),
            "url": verification_address(cert),
            "public_url": verification_url(cert.code),
        },
    )


@login_required
def certificate_pdf(request, code):
    cert = get_object_or_404(selectors.certificates_visible_to(request.user), code=code)
    response = HttpResponse(to_bytes(certificate_document(cert)), content_type="application/pdf")
    response["Content-Disposition"] = f'inline; filename="{cert.code}.pdf"'
    return response


@login_required
@require_POST
def reevaluation_start(request, code):
    """Open the re-evaluation dossier of the certificate's product (inside its window)."""
    cert = get_object_or_404(selectors.certificates_visible_to(request.user), code=code)
    dossier = run_action(
        request,
        lambda: reevaluation.reevaluation_start(actor=request.user, certificate=cert),
        success_message=_(
            "The re-evaluation dossier was opened; attach the documents and submit it."
        ),
    )
    if dossier is None:
        return redirect("certificates:certificate", code=cert.code)
    return redirect("registry:dossier_detail", code=dossier.public_code)


@login_required
def revoke(request, code):
    cert = get_object_or_404(selectors.certificates_visible_to(request.user), code=code)
    if not services.can_revoke(request.user, cert):
        raise PermissionDenied
    if request.method == "POST" and not confirmed(request):
        messages.error(request, _('Tick "I confirm" to revoke the certificate.'))
    elif request.method == "POST":
        done = run_action(
            request,
            lambda: services.certificate_revoke(
                actor=request.user,
                certificate=cert,
                ground=request.POST.get("ground", ""),
                authority=request.POST.get("authority", ""),
                decision_no=request.POST.get("decision_no", ""),
            ),
            success_message=_("The certificate was revoked."),
        )
        if done is not None:
            return redirect("certificates:certificate", code=cert.code)
    return render(
        request,
        "certificates/revoke.html",
        {"cert": cert, "grounds": RevocationGround.choices, "post": request.POST},
    )


@login_required
def decisions(request):
    qs = selectors.decisions_visible_to(request.user).order_by("-decided_on", "number", "id")
    return render(
        request,
        "certificates/decisions.html",
        {
            "page": _page(request, qs),
            "can_issue": perms.has_capability(request.user, perms.ISSUE_CERTIFICATE),
        },
    )


@login_required
def decision_detail(request, code):
    decision = get_object_or_404(selectors.decisions_visible_to(request.user), public_code=code)
    certs = selectors.certificates_visible_to(request.user).filter(decision=decision)
    today = timezone.localdate()
    rows = [(c, c.status_on(today)) for c in certs.order_by("product__name", "id")]
    return render(
        request,
        "certificates/decision.html",
        {"decision": decision, "rows": rows, "css": selectors.STATUS_CSS},
    )


def _decision_day(request) -> datetime.date | None:
    """The decision date as typed (dd/mm/yyyy or ISO), today when none is given, None when it
    cannot be read (the form then says why)."""
    raw = request.POST.get("date") or request.GET.get("date") or ""
    if not raw:
        return timezone.localdate()
    try:
        return parse_day(raw)
    except ValueError:
        return None


@login_required
def decision_create(request):
    """Issue a decision on the proposed results. The level and the issuing unit offered are the
    ones in force on the decision date and in the user's scope (province after the district
    level ended); the service refuses any other."""
    if not perms.has_capability(request.user, perms.ISSUE_CERTIFICATE):
        raise PermissionDenied
    proposed = selectors.results_awaiting_decision(request.user)
    day = _decision_day(request)
    units = selectors.issuing_units(request.user, day or timezone.localdate())
    day_form = DecisionDayForm(
        request.POST if request.method == "POST" else None,
        initial={"date": day or timezone.localdate()},
    )
    if request.method == "POST":
        chosen = list(proposed.filter(pk__in=request.POST.getlist("results")))
        unit = units.filter(pk=request.POST.get("unit") or 0).first()
        if not day_form.is_valid():
            messages.error(request, day_form.errors["date"][0])
        elif not confirmed(request):
            messages.error(request, _('Tick "I confirm" to issue the decision.'))
        else:
            day = day_form.cleaned_data["date"]
            decision = run_action(
                request,
                lambda: services.decision_issue(
                    actor=request.user,
                    number=request.POST.get("number", ""),
                    date=day,
                    signer=request.POST.get("signer", ""),
                    signer_title=request.POST.get("signer_title", ""),
                    level=request.POST.get("level", ""),
                    unit=unit,
                    round=chosen[0].enrolment.round if chosen else None,
                    results=chosen,
                ),
                success_message=_("The decision was issued."),
            )
            if decision is not None:
                return redirect("certificates:decision", code=decision.public_code)
    levels = selectors.decision_levels_on(day or timezone.localdate())
    unit_list = list(units)
    return render(
        request,
        "certificates/decision_form.html",
        {
            "proposed": proposed,
            "levels": [(value, DecisionLevel(value).label) for value in levels],
            "units": unit_list,
            "level": request.POST.get("level") or DecisionLevel.PROVINCE,
            "unit": request.POST.get("unit") or (str(unit_list[0].pk) if unit_list else ""),
            "day_form": day_form,
            "post": request.POST,
        },
    )
