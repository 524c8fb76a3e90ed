from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class ProgrammeConfig(AppConfig):
    name = "ocop.programme"
    label = "programme"
    verbose_name = _("Programme")

    def ready(self):
        # Each part registers the measures it counts toward targets (see measures.py); the
        # event notices add the responsible officers to the expiry warnings' recipients.
        import ocop.programme.measures_followup  # noqa: F401
        import ocop.programme.notices  # noqa: F401
        import ocop.programme.plan_measures  # noqa: F401
        from ocop.programme import measures  # noqa: F401
