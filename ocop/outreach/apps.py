from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class OutreachConfig(AppConfig):
    name = "ocop.outreach"
    label = "outreach"
    verbose_name = _("Trade fairs and news")

    def ready(self) -> None:
        from ocop.core.versions import track_changes
        from ocop.outreach.models import Fair, Participation, Post

        track_changes(Fair, Participation, Post)  # shown on public pages: caches follow them
