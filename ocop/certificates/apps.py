from django.apps import AppConfig
from django.db.models.signals import post_delete, post_migrate, post_save
from django.utils.translation import gettext_lazy as _


class CertificatesConfig(AppConfig):
    name = "ocop.certificates"
    label = "certificates"
    verbose_name = _("Certificates")

    def ready(self) -> None:
        from ocop.certificates import catalogue_index as index
        from ocop.certificates.models import Certificate, RecognitionDecision
        from ocop.core.versions import track_changes
        from ocop.registry.models import Producer, Product

        track_changes(Certificate, RecognitionDecision)  # what public pages show: caches follow it
        # the catalogue's index follows the same changes, in the same transaction
        hooks = (
            (Certificate, index.on_certificate_change),
            (Product, index.on_product_change),
            (Producer, index.on_producer_change),
        )
        for model, handler in hooks:
            uid = f"ocop.catalogue.{model._meta.label}"
            post_save.connect(handler, sender=model, dispatch_uid=f"{uid}.save")
            post_delete.connect(handler, sender=model, dispatch_uid=f"{uid}.delete")
        post_migrate.connect(index.fill_if_empty, sender=self, dispatch_uid="ocop.catalogue.fill")
