from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class CertificatesConfig(AppConfig):
    name = "ocop.certificates"
    label = "certificates"
    verbose_name = _("Certificates")

    def ready(self) -> None:
        from ocop.certificates.models import Certificate, RecognitionDecision
        from ocop.core.versions import track_changes

        track_changes(Certificate, RecognitionDecision)  # what public pages show: caches follow it
