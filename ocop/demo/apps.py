from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class DemoConfig(AppConfig):
    """Demonstration and scale data. It may import every app; no app imports it."""

    name = "ocop.demo"
    label = "demo"
    verbose_name = _("Demonstration data")
