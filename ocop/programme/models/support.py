"""Support for promising products (hỗ trợ sản phẩm tiềm năng): funding sources and the
allocations made from them to producers or products."""

from __future__ import annotations

from django.conf import settings
from django.db import models
from django.utils.translation import gettext_lazy as _

from ocop.core.models import PublicCoded, TimeStamped

__all__ = ["AllocationStatus", "FundingKind", "FundingSource", "SupportAllocation"]


class FundingKind(models.TextChoices):
    NATIONAL = "national", _("National programme")
    PROVINCIAL = "provincial", _("Provincial budget")
    OTHER = "other", _("Other source")


class FundingSource(PublicCoded, TimeStamped):
    """Money a province may allocate in a year: its owner unit bounds where it may go."""

    kind = models.CharField(_("kind"), max_length=12, choices=FundingKind.choices)
    name = models.CharField(_("name"), max_length=255)
    year = models.PositiveSmallIntegerField(_("year"), db_index=True)
    amount = models.PositiveBigIntegerField(_("amount available (VND)"))
    unit = models.ForeignKey(
        "geo.AdminUnit", verbose_name=_("managing unit"), on_delete=models.PROTECT, related_name="+"
    )
    notes = models.TextField(_("notes"), blank=True)

    class Meta:
        ordering = ["-year", "name", "id"]
        verbose_name = _("funding source")
        verbose_name_plural = _("funding sources")

    def __str__(self) -> str:
        return f"{self.name} ({self.year})"


class AllocationStatus(models.TextChoices):
    PROPOSED = "proposed", _("Proposed")
    APPROVED = "approved", _("Approved")
    DISBURSED = "disbursed", _("Disbursed")
    COMPLETED = "completed", _("Completed")
    CANCELLED = "cancelled", _("Cancelled")


class SupportAllocation(PublicCoded, TimeStamped):
    """Support granted from a source to a producer (and, when named, one of its products)."""

    source = models.ForeignKey(
        FundingSource,
        verbose_name=_("funding source"),
        on_delete=models.PROTECT,
        related_name="allocations",
    )
    producer = models.ForeignKey(
        "registry.Producer", verbose_name=_("producer"), on_delete=models.PROTECT, related_name="+"
    )
    product = models.ForeignKey(
        "registry.Product",
        verbose_name=_("product"),
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="+",
    )
    amount = models.PositiveBigIntegerField(_("amount (VND)"))
    purpose = models.TextField(_("purpose"))
    starts_on = models.DateField(_("start"), db_index=True)
    ends_on = models.DateField(_("end"), null=True, blank=True)
    status = models.CharField(
        _("status"),
        max_length=10,
        choices=AllocationStatus.choices,
        default=AllocationStatus.PROPOSED,
        db_index=True,
    )
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, on_delete=models.SET_NULL, related_name="+"
    )

    class Meta:
        ordering = ["-starts_on", "-id"]
        verbose_name = _("support allocation")
        verbose_name_plural = _("support allocations")

    def __str__(self) -> str:
        return f"{self.source.name}: {self.product or self.producer}"
