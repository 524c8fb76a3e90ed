"""Post-recognition inspections (hậu kiểm): plans, visits, checklists, findings and corrective
actions. Lifecycles live in ``ocop.programme.lifecycle``."""

from __future__ import annotations

import datetime

from django.conf import settings
from django.db import models
from django.utils import timezone
from django.utils.translation import gettext_lazy as _
from django.utils.translation import pgettext_lazy

from ocop.core.models import PublicCoded, TimeStamped


class InspectionPlan(PublicCoded, TimeStamped):
    """A province's plan of inspections for a year (kế hoạch kiểm tra, hậu kiểm)."""

    year = models.PositiveSmallIntegerField(_("year"), db_index=True)
    province = models.ForeignKey(
        "geo.AdminUnit", verbose_name=_("province"), on_delete=models.PROTECT, related_name="+"
    )
    title = models.CharField(_("title"), max_length=255)
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, on_delete=models.SET_NULL, related_name="+"
    )

    class Meta:
        ordering = ["-year", "title"]
        verbose_name = _("inspection plan")
        verbose_name_plural = _("inspection plans")

    def __str__(self) -> str:
        return self.title


class VisitStatus(models.TextChoices):
    PLANNED = "planned", _("Planned")
    IN_PROGRESS = "in_progress", _("In progress")
    FINDINGS_RECORDED = "findings_recorded", _("Findings recorded")
    CLOSED = "closed", _("Closed")


class VisitReason(models.TextChoices):
    BY_HAND = "by_hand", _("Chosen by hand")
    SECOND_YEAR = "second_year", _("Certificate in its second year")
    MISUSE = "misuse", _("After a confirmed misuse report")


class VisitOutcome(models.TextChoices):
    NO_ACTION = "no_action", _("No action needed")
    CORRECTIVE = "corrective", _("Corrective actions")
    REVOCATION = "revocation", _("Revocation of the certificate")
    REEVALUATION = "reevaluation", _("Re-evaluation of the product")


class InspectionVisit(PublicCoded, TimeStamped):
    """One visit to a producer about one product (lượt kiểm tra)."""

    plan = models.ForeignKey(InspectionPlan, on_delete=models.PROTECT, related_name="visits")
    product = models.ForeignKey(
        "registry.Product", verbose_name=_("product"), on_delete=models.PROTECT, related_name="+"
    )
    certificate = models.ForeignKey(
        "certificates.Certificate",
        verbose_name=_("certificate in force"),
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="+",
    )
    planned_on = models.DateField(_("planned date"))
    inspectors = models.ManyToManyField(
        settings.AUTH_USER_MODEL, verbose_name=_("inspectors"), related_name="+"
    )
    reason = models.CharField(
        _("reason"), max_length=20, choices=VisitReason.choices, default=VisitReason.BY_HAND
    )
    misuse_report = models.ForeignKey(
        "programme.MisuseReport",
        verbose_name=_("misuse report"),
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="visits",
    )
    status = models.CharField(
        _("status"), max_length=20, choices=VisitStatus.choices, default=VisitStatus.PLANNED
    )
    visited_on = models.DateField(_("visit date"), null=True, blank=True)
    outcome = models.CharField(
        _("outcome"), max_length=20, choices=VisitOutcome.choices, blank=True
    )
    outcome_note = models.TextField(_("conclusion"), blank=True)
    closed_on = models.DateField(_("closed on"), null=True, blank=True)

    class Meta:
        ordering = ["planned_on", "pk"]
        verbose_name = _("inspection visit")
        verbose_name_plural = _("inspection visits")

    def __str__(self) -> str:
        return f"{self.product} · {self.planned_on:%d/%m/%Y}"


class CheckItem(models.TextChoices):
    """The seven points checked at every visit."""

    RAW_MATERIALS = "raw_materials", _("Raw materials")
    PRODUCTION_RECORDS = "production_records", _("Production records")
    QUALITY_TESTS = "quality_tests", _("Quality tests")
    LABELS = "labels", _("Labels and use of the OCOP mark and stars")
    TRACEABILITY = "traceability", _("Traceability")
    TRADEMARK = "trademark", _("Trademark")
    COMMITMENTS = "commitments", _("Commitments made in the dossier")


class CheckResult(models.TextChoices):
    NOT_CHECKED = "not_checked", _("Not checked")
    PASS = "pass", _("Pass")
    FAIL = "fail", _("Fail")


class ChecklistEntry(models.Model):
    visit = models.ForeignKey(InspectionVisit, on_delete=models.CASCADE, related_name="checklist")
    item = models.CharField(_("item"), max_length=30, choices=CheckItem.choices)
    result = models.CharField(
        _("result"), max_length=12, choices=CheckResult.choices, default=CheckResult.NOT_CHECKED
    )
    note = models.CharField(_("note"), max_length=500, blank=True)

    class Meta:
        constraints = [
            models.UniqueConstraint(fields=["visit", "item"], name="checklist_entry_unique")
        ]
        verbose_name = _("checklist entry")
        verbose_name_plural = _("checklist entries")

    def __str__(self) -> str:
        return f"{self.visit_id} {self.item}: {self.result}"


class Finding(TimeStamped):
    """What the inspectors found, with an optional photo or document stored privately."""

    visit = models.ForeignKey(InspectionVisit, on_delete=models.PROTECT, related_name="findings")
    text = models.TextField(_("finding"))
    file = models.FileField(_("photo or document"), upload_to="inspections/%Y/%m/", blank=True)
    original_name = models.CharField(max_length=255, blank=True)
    content_type = models.CharField(max_length=120, blank=True)
    recorded_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, on_delete=models.SET_NULL, related_name="+"
    )

    class Meta:
        ordering = ["created_at", "pk"]
        verbose_name = _("finding")
        verbose_name_plural = _("findings")

    def __str__(self) -> str:
        return self.text[:80]

    @property
    def is_image(self) -> bool:
        return self.content_type.startswith("image/")


class ActionStatus(models.TextChoices):
    OPEN = "open", pgettext_lazy("work to do", "Open")
    DONE = "done", _("Done, awaiting verification")
    VERIFIED = "verified", _("Verified")


class CorrectiveAction(TimeStamped):
    """A correction the producer must make by a deadline, followed up and verified."""

    visit = models.ForeignKey(InspectionVisit, on_delete=models.PROTECT, related_name="actions")
    description = models.TextField(_("corrective action"))
    deadline = models.DateField(_("deadline"))
    status = models.CharField(
        _("status"), max_length=10, choices=ActionStatus.choices, default=ActionStatus.OPEN
    )
    follow_up = models.TextField(_("follow-up"), blank=True)
    done_on = models.DateField(_("done on"), null=True, blank=True)
    verified_on = models.DateField(_("verified on"), null=True, blank=True)

    class Meta:
        ordering = ["deadline", "pk"]
        verbose_name = _("corrective action")
        verbose_name_plural = _("corrective actions")

    def __str__(self) -> str:
        return self.description[:80]

    def is_overdue(self, day: datetime.date | None = None) -> bool:
        """Open past its deadline: overdue is read from the deadline, never stored."""
        day = day or timezone.localdate()
        return self.status == ActionStatus.OPEN and day > self.deadline
