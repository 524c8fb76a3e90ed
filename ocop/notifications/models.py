"""Notifications (thông báo) to account holders: one row per recipient, channel and event.

A row of channel ``in_app`` is what the user reads in the application; a row of channel
``email`` records the e-mail queued for them. The unique constraint on (recipient, channel,
event key) is what makes a notification go out at most once per event, whoever sends it and
however often.
"""

from django.conf import settings
from django.db import models
from django.utils.translation import gettext_lazy as _

from ocop.core.models import PublicCoded


class Channel(models.TextChoices):
    IN_APP = "in_app", _("In the application")
    EMAIL = "email", _("E-mail")


class ChannelChoice(models.TextChoices):
    """What a user chooses to receive."""

    BOTH = "both", _("In the application and by e-mail")
    IN_APP = "in_app", _("In the application only")
    EMAIL = "email", _("By e-mail only")


CHANNELS_OF_CHOICE = {
    ChannelChoice.BOTH: (Channel.IN_APP, Channel.EMAIL),
    ChannelChoice.IN_APP: (Channel.IN_APP,),
    ChannelChoice.EMAIL: (Channel.EMAIL,),
}


class Notification(PublicCoded):
    recipient = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("recipient"),
        on_delete=models.CASCADE,
        related_name="notifications",
    )
    channel = models.CharField(_("channel"), max_length=10, choices=Channel.choices)
    kind = models.CharField(_("kind"), max_length=60, db_index=True)
    event_key = models.CharField(_("event"), max_length=200)
    subject = models.CharField(_("subject"), max_length=255)
    body = models.TextField(_("message"))
    link = models.CharField(_("link"), max_length=500, blank=True)
    language = models.CharField(_("language"), max_length=10)
    created_at = models.DateTimeField(_("sent at"), auto_now_add=True, db_index=True)
    read_at = models.DateTimeField(_("read at"), null=True, blank=True)

    class Meta:
        ordering = ["-created_at", "-id"]
        verbose_name = _("notification")
        verbose_name_plural = _("notifications")
        constraints = [
            models.UniqueConstraint(
                fields=["recipient", "channel", "event_key"], name="notification_once_per_event"
            )
        ]
        indexes = [models.Index(fields=["recipient", "channel", "read_at"])]

    def __str__(self) -> str:
        return f"{self.recipient} · {self.subject}"


class NotificationPreference(models.Model):
    """A user's choice of channel and language for notifications (none: both channels, in
    the site's default language)."""

    user = models.OneToOneField(
        settings.AUTH_USER_MODEL,
        on_delete=models.CASCADE,
        related_name="notification_preference",
    )
    channels = models.CharField(
        _("receive notifications"),
        max_length=10,
        choices=ChannelChoice.choices,
        default=ChannelChoice.BOTH,
    )
    language = models.CharField(
        _("language of notifications"),
        max_length=10,
        choices=settings.LANGUAGES,
        blank=True,
    )
    updated_at = models.DateTimeField(auto_now=True)

    class Meta:
        verbose_name = _("notification preference")
        verbose_name_plural = _("notification preferences")

    def __str__(self) -> str:
        return f"{self.user} · {self.get_channels_display()}"
