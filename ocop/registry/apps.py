from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class RegistryConfig(AppConfig):
    name = "ocop.registry"
    label = "registry"
    verbose_name = _("Registry")

    def ready(self) -> None:
        from ocop.core.versions import track_changes
        from ocop.registry.models import Producer, Product, ProductOutlet, ProductPhoto

        # what public pages show: caches follow it
        track_changes(Producer, Product, ProductPhoto, ProductOutlet)
