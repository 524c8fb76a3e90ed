"""Base models and the audit log shared by every domain app."""

from django.conf import settings
from django.db import models
from django.utils.translation import gettext_lazy as _

from ocop.core.codes import new_public_code


class TimeStamped(models.Model):
    created_at = models.DateTimeField(_("created at"), auto_now_add=True)
    updated_at = models.DateTimeField(_("updated at"), auto_now=True)

    class Meta:
        abstract = True


class Archivable(models.Model):
    """Records are archived, never deleted: history stays true."""

    archived_at = models.DateTimeField(_("archived at"), null=True, blank=True, db_index=True)

    class Meta:
        abstract = True

    @property
    def is_archived(self) -> bool:
        return self.archived_at is not None


class PublicCoded(models.Model):
    """An opaque code used in public URLs instead of the sequential id."""

    public_code = models.CharField(
        _("code"), max_length=16, unique=True, default=new_public_code, editable=False
    )

    class Meta:
        abstract = True


class AuditEvent(models.Model):
    """One state change: who did what to which record, with old and new values."""

    at = models.DateTimeField(_("at"), auto_now_add=True, db_index=True)
    actor = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("actor"),
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="+",
    )
    action = models.CharField(_("action"), max_length=80, db_index=True)
    object_type = models.CharField(_("object type"), max_length=80)
    object_id = models.CharField(_("object id"), max_length=64)
    object_repr = models.CharField(_("object"), max_length=255, blank=True)
    old = models.JSONField(_("old values"), null=True, blank=True)
    new = models.JSONField(_("new values"), null=True, blank=True)
    note = models.TextField(_("note"), blank=True)

    class Meta:
        ordering = ["-at", "-id"]
        indexes = [models.Index(fields=["object_type", "object_id"])]
        verbose_name = _("audit event")
        verbose_name_plural = _("audit events")

    def __str__(self) -> str:
        return f"{self.at:%Y-%m-%d %H:%M} {self.action} {self.object_repr}"


class DataVersion(models.Model):
    """The version of a body of data that pages show (``ocop.core.versions``): a fresh token
    written in the same transaction as every change, so a reader that sees the change also sees
    the new token, and caches and ETags keyed by it never serve what came before."""

    name = models.CharField(_("name"), max_length=40, primary_key=True)
    token = models.CharField(_("token"), max_length=32)
    changed_at = models.DateTimeField(_("changed at"))

    class Meta:
        verbose_name = _("data version")
        verbose_name_plural = _("data versions")

    def __str__(self) -> str:
        return f"{self.name} {self.token}"
