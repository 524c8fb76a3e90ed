"""Plans (kế hoạch), their targets per unit (chỉ tiêu) and milestones (mốc thời hạn).

A plan is issued by a province for a year. Its targets name a unit of the map in force in that
year (districts before 1 July 2025, communes after) and a measure (``ocop.programme.measures``);
the actual figures are never keyed in, they are counted from the registry, the rounds and the
certificates (``ocop.programme.selectors.progress``).
"""

import datetime

from django.db import models
from django.utils.translation import gettext_lazy as _
from django.utils.translation import pgettext_lazy

from ocop.core.models import PublicCoded, TimeStamped


class Plan(PublicCoded, TimeStamped):
    province = models.ForeignKey(
        "geo.AdminUnit",
        verbose_name=_("province"),
        on_delete=models.PROTECT,
        related_name="+",
    )
    year = models.PositiveSmallIntegerField(_("year"), db_index=True)
    number = models.CharField(_("plan number"), max_length=80)
    issued_on = models.DateField(pgettext_lazy("decision", "issued on"))
    issuing_body = models.CharField(pgettext_lazy("decision", "issuing body"), max_length=200)
    title = models.CharField(_("title"), max_length=255)
    deadline = models.DateField(_("targets due by"))
    text = models.FileField(_("plan text"), upload_to="plans/%Y/", blank=True)
    text_name = models.CharField(max_length=255, blank=True)
    text_type = models.CharField(max_length=120, blank=True)

    class Meta:
        ordering = ["-year", "number"]
        verbose_name = _("plan")
        verbose_name_plural = _("plans")
        constraints = [
            models.UniqueConstraint(fields=["province", "year", "number"], name="plan_unique")
        ]

    def __str__(self) -> str:
        return f"{self.number} ({self.year})"

    @property
    def map_day(self) -> datetime.date:
        """The day whose map the targets follow: the day of issue when it falls in the plan's
        year, else 1 January (a 2025 plan issued in March targets districts, one issued in
        August targets communes)."""
        first = datetime.date(self.year, 1, 1)
        if self.issued_on and self.issued_on.year == self.year:
            return self.issued_on
        return first


class Target(TimeStamped):
    plan = models.ForeignKey(Plan, on_delete=models.CASCADE, related_name="targets")
    unit = models.ForeignKey(
        "geo.AdminUnit", verbose_name=_("unit"), on_delete=models.PROTECT, related_name="+"
    )
    measure = models.CharField(_("measure"), max_length=40)
    value = models.PositiveIntegerField(_("target"))

    class Meta:
        ordering = ["unit__path", "measure"]
        verbose_name = _("target")
        verbose_name_plural = _("targets")
        constraints = [
            models.UniqueConstraint(fields=["plan", "unit", "measure"], name="target_unique")
        ]

    def __str__(self) -> str:
        return f"{self.plan} · {self.unit} · {self.measure}={self.value}"


class MilestoneKind(models.TextChoices):
    DOSSIERS_FILED = "dossiers_filed", _("Dossiers filed")
    COMMUNE_REVIEW = "commune_review", _("Commune review done")
    PROVINCIAL_EVALUATION = "provincial_evaluation", _("Provincial evaluation done")
    OTHER = "other", _("Other milestone")


class Milestone(TimeStamped):
    plan = models.ForeignKey(Plan, on_delete=models.CASCADE, related_name="milestones")
    kind = models.CharField(_("kind"), max_length=30, choices=MilestoneKind.choices)
    title = models.CharField(_("description"), max_length=255, blank=True)
    deadline = models.DateField(_("deadline"))
    done_on = models.DateField(_("marked done on"), null=True, blank=True)

    class Meta:
        ordering = ["deadline", "pk"]
        verbose_name = _("milestone")
        verbose_name_plural = _("milestones")

    def __str__(self) -> str:
        return self.title or self.get_kind_display()
