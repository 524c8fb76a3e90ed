"""Follow-up by units: the responsible officer (cán bộ theo dõi) of a unit or a product, and
the periodic progress reports units file with the level above."""

from __future__ import annotations

from django.conf import settings
from django.db import models
from django.utils.translation import gettext_lazy as _

from ocop.core.models import PublicCoded, TimeStamped

__all__ = ["PeriodKind", "ReportStatus", "ResponsibleOfficer", "UnitReport"]


class ResponsibleOfficer(TimeStamped):
    """An officer named to follow a unit or a product. Ended, never deleted: ``ended_on`` set
    when another officer takes over or the assignment stops."""

    unit = models.ForeignKey(
        "geo.AdminUnit",
        verbose_name=_("unit"),
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="+",
    )
    product = models.ForeignKey(
        "registry.Product",
        verbose_name=_("product"),
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="+",
    )
    officer = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("responsible officer"),
        on_delete=models.PROTECT,
        related_name="+",
    )
    started_on = models.DateField(_("since"))
    ended_on = models.DateField(_("until"), null=True, blank=True)
    assigned_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, on_delete=models.SET_NULL, related_name="+"
    )

    class Meta:
        ordering = ["-started_on", "-id"]
        constraints = [
            models.CheckConstraint(
                condition=models.Q(unit__isnull=False, product__isnull=True)
                | models.Q(unit__isnull=True, product__isnull=False),
                name="responsible_officer_unit_or_product",
            )
        ]
        verbose_name = _("responsible officer")
        verbose_name_plural = _("responsible officers")

    def __str__(self) -> str:
        return f"{self.officer} → {self.unit or self.product}"


class PeriodKind(models.TextChoices):
    QUARTER = "quarter", _("Quarter")
    HALF = "half", _("Half-year")
    YEAR = "year", _("Year")


class ReportStatus(models.TextChoices):
    DRAFT = "draft", _("Draft")
    SUBMITTED = "submitted", _("Submitted")
    ANSWERED = "answered", _("Answered")
    CLOSED = "closed", _("Closed")


class UnitReport(PublicCoded, TimeStamped):
    """A unit's periodic progress report. ``figures`` are read from the system when the
    report is drafted and frozen when it is submitted: what was reported stays on record."""

    unit = models.ForeignKey(
        "geo.AdminUnit", verbose_name=_("unit"), on_delete=models.PROTECT, related_name="+"
    )
    year = models.PositiveSmallIntegerField(_("year"))
    period_kind = models.CharField(_("period"), max_length=8, choices=PeriodKind.choices)
    period = models.PositiveSmallIntegerField(_("period number"), default=1)
    figures = models.JSONField(_("figures"), default=list)
    difficulties = models.TextField(_("difficulties met"), blank=True)
    proposals = models.TextField(_("proposals"), blank=True)
    status = models.CharField(
        _("status"), max_length=10, choices=ReportStatus.choices, default=ReportStatus.DRAFT
    )
    filed_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, on_delete=models.SET_NULL, related_name="+"
    )
    submitted_at = models.DateTimeField(_("submitted at"), null=True, blank=True)
    answer = models.TextField(_("answer"), blank=True)
    answered_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, on_delete=models.SET_NULL, related_name="+"
    )
    answered_at = models.DateTimeField(_("answered at"), null=True, blank=True)
    closed_at = models.DateTimeField(_("closed at"), null=True, blank=True)

    class Meta:
        ordering = ["-year", "-period", "unit__path", "id"]
        constraints = [
            models.UniqueConstraint(
                fields=["unit", "year", "period_kind", "period"], name="unit_report_period"
            )
        ]
        verbose_name = _("unit progress report")
        verbose_name_plural = _("unit progress reports")

    def __str__(self) -> str:
        return f"{self.unit} {self.year} {self.period_kind}{self.period}"
