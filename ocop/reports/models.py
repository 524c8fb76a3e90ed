"""The record of each import (nhập dữ liệu): who sent which file and what it changed."""

from django.conf import settings
from django.db import models
from django.utils.translation import gettext_lazy as _


class ImportKind(models.TextChoices):
    RESULTS = "results", _("Recognition results")
    PRODUCERS = "producers", _("Producers")
    PRODUCTS = "products", _("Products")


class ImportBatch(models.Model):
    """One accepted import. Refused and dry-run imports leave no batch behind."""

    kind = models.CharField(_("kind"), max_length=10, choices=ImportKind.choices)
    file_name = models.CharField(_("file name"), max_length=255)
    sha256 = models.CharField(max_length=64, db_index=True)
    file = models.FileField(_("file"), upload_to="imports/%Y/%m/", blank=True)
    rows = models.PositiveIntegerField(_("rows"), default=0)
    counts = models.JSONField(_("counts"), default=dict)
    warnings = models.JSONField(_("warnings"), default=list, blank=True)
    actor = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )
    created_at = models.DateTimeField(_("imported at"), auto_now_add=True)

    class Meta:
        ordering = ["-created_at", "-id"]
        verbose_name = _("import")
        verbose_name_plural = _("imports")

    def __str__(self) -> str:
        return f"{self.get_kind_display()}: {self.file_name}"
