from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


def _create_cache_tables(sender, using, **kwargs):
    """The database cache ("shared") needs its table; made by every ``migrate``."""
    from django.core.management import call_command

    call_command("createcachetable", database=using, verbosity=0)


class AccountsConfig(AppConfig):
    name = "ocop.accounts"
    label = "accounts"
    verbose_name = _("Accounts and roles")

    def ready(self):
        from django.contrib.auth.signals import user_logged_in, user_login_failed
        from django.db.models.signals import post_migrate

        from ocop.accounts import signals

        user_logged_in.connect(signals.record_login, dispatch_uid="ocop.accounts.login")
        user_login_failed.connect(
            signals.record_login_failure, dispatch_uid="ocop.accounts.login_failed"
        )
        post_migrate.connect(_create_cache_tables, sender=self, dispatch_uid="ocop.cache_tables")
