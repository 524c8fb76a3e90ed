"""Training sessions (tập huấn) of the programme and who attended them."""

from __future__ import annotations

from django.conf import settings
from django.db import models
from django.utils.translation import gettext_lazy as _

from ocop.core.models import PublicCoded, TimeStamped

__all__ = ["AttendeeKind", "TrainingAttendee", "TrainingSession"]


class TrainingSession(PublicCoded, TimeStamped):
    """A training session organised by a unit: it counts toward the ``training_sessions``
    target of that unit and of every unit above it."""

    topic = models.CharField(_("topic"), max_length=255)
    organiser = models.ForeignKey(
        "geo.AdminUnit",
        verbose_name=_("organising unit"),
        on_delete=models.PROTECT,
        related_name="+",
    )
    starts_on = models.DateField(_("first day"), db_index=True)
    ends_on = models.DateField(_("last day"))
    place = models.CharField(_("place"), max_length=255)
    trainers = models.TextField(_("trainers"), blank=True)
    notes = models.TextField(_("notes"), blank=True)
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, on_delete=models.SET_NULL, related_name="+"
    )

    class Meta:
        ordering = ["-starts_on", "-id"]
        verbose_name = _("training session")
        verbose_name_plural = _("training sessions")

    def __str__(self) -> str:
        return self.topic


class AttendeeKind(models.TextChoices):
    OFFICIAL = "official", _("Official")
    PRODUCER = "producer", _("Producer")


class TrainingAttendee(TimeStamped):
    """One invited attendee: an official (a user, with the unit of the role held) or a
    producer. ``attended`` stays empty until the attendance is marked."""

    session = models.ForeignKey(TrainingSession, on_delete=models.CASCADE, related_name="attendees")
    kind = models.CharField(_("kind"), max_length=10, choices=AttendeeKind.choices)
    user = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("official"),
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="+",
    )
    producer = models.ForeignKey(
        "registry.Producer",
        verbose_name=_("producer"),
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="+",
    )
    unit = models.ForeignKey(
        "geo.AdminUnit", verbose_name=_("unit"), on_delete=models.PROTECT, related_name="+"
    )
    attended = models.BooleanField(_("attended"), null=True, blank=True)

    class Meta:
        ordering = ["kind", "id"]
        constraints = [
            models.UniqueConstraint(fields=["session", "user"], name="training_attendee_user"),
            models.UniqueConstraint(
                fields=["session", "producer"], name="training_attendee_producer"
            ),
        ]

    def __str__(self) -> str:
        return str(self.producer or self.user)
