from django.apps import AppConfig
from django.conf import settings
from django.db import DEFAULT_DB_ALIAS
from django.db.models.signals import post_migrate
from django.utils.translation import gettext_lazy as _

from ocop.core.migrated import models_migrated


def load_shipped_units(sender, *, apps=None, using=DEFAULT_DB_ALIAS, verbosity=1, **kwargs):
    """After ``migrate``: load the shipped administrative units (``ocop geo load``) once the
    unit tables exist, so that a fresh install knows every province, district and commune.

    Quick when the same snapshot is loaded already (one hash, one query). Skipped for another
    database, when the migrated state lacks a field of the current models (a partial
    migration), and under the test settings, whose tests build the units they need.
    """
    from ocop.core.models import AuditEvent
    from ocop.geo.models import AdminUnit, UnitAlias, UnitSnapshot, UnitSuccession
    from ocop.geo.services import geo_load_if_needed

    if using != DEFAULT_DB_ALIAS or getattr(settings, "TESTING", False):
        return
    if apps is None:
        from django.apps import apps
    if not models_migrated(apps, (AdminUnit, UnitAlias, UnitSnapshot, UnitSuccession, AuditEvent)):
        return
    result = geo_load_if_needed()
    if verbosity >= 1 and result is not None:
        print(f"  Administrative units loaded: {result.summary()}")


class GeoConfig(AppConfig):
    name = "ocop.geo"
    label = "geo"
    verbose_name = _("Administrative units")

    def ready(self) -> None:
        from ocop.core.versions import track_changes
        from ocop.geo.models import AdminUnit, UnitAlias, UnitSuccession

        track_changes(
            AdminUnit, UnitAlias, UnitSuccession
        )  # what public pages show: caches follow it
        post_migrate.connect(load_shipped_units, sender=self, dispatch_uid="ocop.geo.load_shipped")
