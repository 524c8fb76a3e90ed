from django.apps import AppConfig
from django.db import DEFAULT_DB_ALIAS
from django.db.models.signals import post_migrate
from django.utils.translation import gettext_lazy as _

from ocop.core.migrated import models_migrated


def load_shipped_criteria(sender, *, apps=None, using=DEFAULT_DB_ALIAS, verbosity=1, **kwargs):
    """After ``migrate``: load the shipped criteria sets once the criteria tables exist.

    Skipped when the migrated state lacks a field of the current models (a partial
    migration) or for another database. An unchanged data hash costs one query per set.
    ``flush`` (run between transactional tests) sends the signal without ``apps``; the
    tables are then those of the current models.
    """
    from ocop.core.models import AuditEvent
    from ocop.criteria.models import CriteriaSet, ProductGroup, ProductSet
    from ocop.criteria.services import criteria_load

    if using != DEFAULT_DB_ALIAS:
        return
    if apps is None:
        from django.apps import apps
    if not models_migrated(apps, (CriteriaSet, ProductGroup, ProductSet, AuditEvent)):
        return
    report = criteria_load()
    if verbosity >= 1 and report.changed:
        print(f"  Criteria sets loaded: {', '.join(report.created + report.updated)}")


class CriteriaConfig(AppConfig):
    name = "ocop.criteria"
    label = "criteria"
    verbose_name = _("Criteria sets")

    def ready(self) -> None:
        from ocop.core.versions import track_changes
        from ocop.criteria.models import CriteriaSet, ProductGroup, ProductSet

        track_changes(
            CriteriaSet, ProductGroup, ProductSet
        )  # what public pages show: caches follow it
        post_migrate.connect(
            load_shipped_criteria, sender=self, dispatch_uid="ocop.criteria.load_shipped"
        )
