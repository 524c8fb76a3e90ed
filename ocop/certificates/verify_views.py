"""The verification doors: the public page /v/<code> (HTML and JSON, with or without a signed
address), the typed-code box, the published keys, and the QR codes and label sheet that
producers and officers print.

The public pages post no form and keep no per-visitor state (no CSRF token), so a shared cache
may serve them: ``public_cached`` keeps each answer per version of the data and of the keyring
(a revocation of a certificate or of a key shows on the next request)."""

from __future__ import annotations

from django.contrib.auth.decorators import login_required
from django.http import HttpResponse, JsonResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.views.decorators.http import require_GET

from ocop.certificates import keyring, selectors
from ocop.certificates.labels import label_sheet, qr_png_bytes, qr_svg, verification_address
from ocop.certificates.offline import Claim
from ocop.certificates.public import public_record
from ocop.core.http import public_cached
from ocop.core.pdf import to_bytes
from ocop.registry.selectors import producers_visible_to


def _claim(request, code: str) -> Claim | None:
    return Claim.from_query(code, {key: request.GET.get(key, "") for key in request.GET})


@require_GET
@public_cached(depends_on=keyring.version)
def verify(request, code):
    cert = selectors.public_certificate(code)
    if cert is None:
        return render(
            request,
            "certificates/verify_unknown.html",
            {"code": code},
            status=404,
        )
    record = public_record(cert, claim=_claim(request, code))
    if request.GET.get("format") == "json":
        return JsonResponse(record)
    return render(
        request,
        "certificates/verify.html",
        {
            "cert": cert,
            "status": record["status"],
            "css": selectors.STATUS_CSS,
            "data": record,
            "stars": "★" * (record["stars"] or 0),
            "json_query": request.GET.urlencode(),
        },
    )


@require_GET
@public_cached(depends_on=keyring.version)
def verify_json(request, code):
    cert = selectors.public_certificate(code)
    if cert is None:
        return JsonResponse({"code": code, "status": "unknown"}, status=404)
    return JsonResponse(public_record(cert, claim=_claim(request, code)))


@require_GET
def verify_lookup(request):
    """The box where a certificate code is typed: trimmed, upper-cased, then its page."""
    code = "".join(request.GET.get("code", "").split()).upper()
    if code:
        return redirect("certificates:verify", code=code)
    return render(request, "certificates/verify_lookup.html")


@require_GET
def published_keys(request):
    """The public keys, as ``ocop verify --keys`` reads them (/.well-known/ocop-keys.json)."""
    response = JsonResponse(keyring.published_document(), json_dumps_params={"indent": 2})
    response["Access-Control-Allow-Origin"] = "*"
    return response


def _visible_certificate(request, code):
    return get_object_or_404(selectors.certificates_visible_to(request.user), code=code)


@login_required
def certificate_qr_svg(request, code):
    cert = _visible_certificate(request, code)
    response = HttpResponse(qr_svg(verification_address(cert)), content_type="image/svg+xml")
    response["Content-Disposition"] = f'inline; filename="{cert.code}.svg"'
    return response


@login_required
def certificate_qr_png(request, code):
    cert = _visible_certificate(request, code)
    response = HttpResponse(qr_png_bytes(verification_address(cert)), content_type="image/png")
    # a download: Chromium's own viewer of a lone image styles it inline, which the CSP refuses
    response["Content-Disposition"] = f'attachment; filename="{cert.code}.png"'
    return response


@login_required
def producer_labels(request, code):
    """The label sheet of a producer: its certificates valid and in force today."""
    producer = get_object_or_404(producers_visible_to(request.user), public_code=code)
    certificates = list(selectors.certificates_to_label(request.user, producer))
    response = HttpResponse(
        to_bytes(label_sheet(producer, certificates)), content_type="application/pdf"
    )
    response["Content-Disposition"] = f'inline; filename="OCOP-{producer.public_code}.pdf"'
    return response
