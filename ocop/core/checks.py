"""System checks of the deployment (``ocop check --deploy``)."""

from __future__ import annotations

from django.conf import settings
from django.core.checks import Error, Tags, register


@register(Tags.security, deploy=True)
def site_url_is_set(app_configs=None, **kwargs):
    """Certificates carry QR codes to the public address: printed with a wrong one, they are
    dead on paper for 36 months. Production must name it."""
    if settings.SITE_URL_SET:
        return []
    return [
        Error(
            "OCOP_SITE_URL is not set: QR codes on certificates would lead to "
            f"{settings.SITE_URL}.",
            hint="Set OCOP_SITE_URL to the public address, e.g. https://ocop.example.gov.vn.",
            id="ocop.E001",
        )
    ]
