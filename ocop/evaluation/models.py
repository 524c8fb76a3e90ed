"""Evaluation rounds (đợt đánh giá), councils (hội đồng), member score sheets and results.

A result keeps the criteria set and product set it was scored under, and every member's sheet.
"""

from django.conf import settings
from django.db import models
from django.utils.translation import gettext_lazy as _

from ocop.core.models import PublicCoded, TimeStamped


class RoundLevel(models.TextChoices):
    DISTRICT = "district", _("District council (until 6 July 2025)")
    PROVINCE = "province", _("Provincial council")
    CENTRAL = "central", _("Central council")


class RoundStatus(models.TextChoices):
    PLANNED = "planned", _("Planned")
    OPEN = "open", _("Open for enrolment")
    SCORING = "scoring", _("Scoring")
    CLOSED = "closed", _("Closed")
    CANCELLED = "cancelled", _("Cancelled")


class Round(PublicCoded, TimeStamped):
    level = models.CharField(_("level"), max_length=10, choices=RoundLevel.choices)
    unit = models.ForeignKey(
        "geo.AdminUnit",
        verbose_name=_("unit"),
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="+",
        help_text=_("Province or district organising the round; empty for the central level."),
    )
    year = models.PositiveSmallIntegerField(_("year"))
    number = models.PositiveSmallIntegerField(_("round number"), default=1)
    title = models.CharField(_("title"), max_length=255, blank=True)
    criteria_set = models.ForeignKey(
        "criteria.CriteriaSet", verbose_name=_("criteria set"), on_delete=models.PROTECT
    )
    status = models.CharField(
        _("status"), max_length=10, choices=RoundStatus.choices, default=RoundStatus.PLANNED
    )
    intake_deadline = models.DateField(_("dossiers forwarded before"), null=True, blank=True)
    decision_deadline = models.DateField(_("decided before"), null=True, blank=True)
    opens_on = models.DateField(_("opens on"), null=True, blank=True)
    closes_on = models.DateField(_("closes on"), null=True, blank=True)
    cancel_reason = models.TextField(_("reason for cancelling"), blank=True)

    class Meta:
        ordering = ["-year", "-number"]
        verbose_name = _("evaluation round")
        verbose_name_plural = _("evaluation rounds")

    def __str__(self) -> str:
        return self.title or f"{self.get_level_display()} {self.year}/{self.number}"


class Council(TimeStamped):
    class Kind(models.TextChoices):
        COUNCIL = "council", _("Evaluation council")
        ADVISORY = "advisory", _("Advisory team")

    round = models.ForeignKey(Round, on_delete=models.PROTECT, related_name="councils")
    kind = models.CharField(_("kind"), max_length=10, choices=Kind.choices, default=Kind.COUNCIL)
    name = models.CharField(_("name"), max_length=255)
    established_by = models.CharField(_("established by decision"), max_length=120, blank=True)

    class Meta:
        verbose_name = _("council")
        verbose_name_plural = _("councils")

    def __str__(self) -> str:
        return self.name


class CouncilMember(TimeStamped):
    class Position(models.TextChoices):
        CHAIR = "chair", _("Chair")
        SECRETARY = "secretary", _("Secretary")
        MEMBER = "member", _("Member")

    council = models.ForeignKey(Council, on_delete=models.CASCADE, related_name="members")
    user = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="council_seats"
    )
    position = models.CharField(
        _("position"), max_length=10, choices=Position.choices, default=Position.MEMBER
    )
    department = models.CharField(_("department"), max_length=150, blank=True)
    active = models.BooleanField(default=True)

    class Meta:
        constraints = [
            models.UniqueConstraint(fields=["council", "user"], name="council_member_unique")
        ]
        verbose_name = _("council member")
        verbose_name_plural = _("council members")

    def __str__(self) -> str:
        return f"{self.user} ({self.get_position_display()})"


class ConflictOfInterest(TimeStamped):
    """A member's declared link to a producer: such a member cannot be assigned its products."""

    member = models.ForeignKey(CouncilMember, on_delete=models.CASCADE, related_name="conflicts")
    producer = models.ForeignKey("registry.Producer", on_delete=models.CASCADE, related_name="+")
    note = models.CharField(_("note"), max_length=255, blank=True)

    class Meta:
        constraints = [
            models.UniqueConstraint(fields=["member", "producer"], name="conflict_unique")
        ]


class EnrolmentStatus(models.TextChoices):
    ENROLLED = "enrolled", _("Enrolled")
    SCORING = "scoring", _("Scoring")
    SCORED = "scored", _("Scored")
    PROPOSED = "proposed", _("Proposed for recognition")
    NOT_PROPOSED = "not_proposed", _("Not proposed")
    FORWARDED = "forwarded", _("Forwarded to the central council")
    DECIDED = "decided", _("Decided")
    WITHDRAWN = "withdrawn", _("Withdrawn")


class Enrolment(PublicCoded, TimeStamped):
    """A dossier taken into a round."""

    round = models.ForeignKey(Round, on_delete=models.PROTECT, related_name="enrolments")
    dossier = models.ForeignKey(
        "registry.Dossier", on_delete=models.PROTECT, related_name="enrolments"
    )
    product = models.ForeignKey(
        "registry.Product", on_delete=models.PROTECT, related_name="enrolments"
    )
    product_set = models.ForeignKey(
        "criteria.ProductSet", on_delete=models.PROTECT, related_name="+"
    )
    status = models.CharField(
        _("status"),
        max_length=15,
        choices=EnrolmentStatus.choices,
        default=EnrolmentStatus.ENROLLED,
    )
    kind = models.CharField(
        _("kind"),
        max_length=20,
        choices=[
            ("first", _("First evaluation")),
            ("upgrade", _("Upgrade")),
            ("reevaluation", _("Re-evaluation at expiry")),
        ],
        default="first",
    )
    criteria_set = models.ForeignKey(
        "criteria.CriteriaSet",
        verbose_name=_("criteria set"),
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="+",
        help_text=_("The set in force on the dossier's filing date."),
    )
    filed_on = models.DateField(_("filed on"), null=True, blank=True)
    source_enrolment = models.ForeignKey(
        "self",
        verbose_name=_("provincial enrolment"),
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="central_enrolments",
        help_text=_("For the central council: the provincial evaluation that proposed it."),
    )

    class Meta:
        ordering = ["round", "id"]
        constraints = [
            models.UniqueConstraint(fields=["round", "dossier"], name="enrolment_unique")
        ]
        verbose_name = _("enrolment")
        verbose_name_plural = _("enrolments")

    def __str__(self) -> str:
        return f"{self.product} @ {self.round}"


class Assignment(TimeStamped):
    """A council member asked to score one enrolled product."""

    enrolment = models.ForeignKey(Enrolment, on_delete=models.CASCADE, related_name="assignments")
    member = models.ForeignKey(CouncilMember, on_delete=models.PROTECT, related_name="assignments")

    class Meta:
        constraints = [
            models.UniqueConstraint(fields=["enrolment", "member"], name="assignment_unique")
        ]
        ordering = ["enrolment", "member__position", "id"]


class SheetStatus(models.TextChoices):
    DRAFT = "draft", _("Draft")
    SUBMITTED = "submitted", _("Submitted")
    LOCKED = "locked", _("Locked")
    WITHDRAWN = "withdrawn", _("Withdrawn (conflict of interest)")


class ScoreSheet(TimeStamped):
    """One member's sheet for one enrolled product."""

    assignment = models.OneToOneField(Assignment, on_delete=models.PROTECT, related_name="sheet")
    answers = models.JSONField(_("answers"), default=dict)
    total = models.DecimalField(max_digits=6, decimal_places=2, null=True, blank=True)
    parts = models.JSONField(default=dict, blank=True)
    status = models.CharField(
        _("status"), max_length=10, choices=SheetStatus.choices, default=SheetStatus.DRAFT
    )
    version = models.PositiveIntegerField(default=1)
    submitted_at = models.DateTimeField(null=True, blank=True)
    reopened_reason = models.TextField(blank=True)

    class Meta:
        verbose_name = _("score sheet")
        verbose_name_plural = _("score sheets")


class Result(TimeStamped):
    """The council's result for one enrolment: mean of the members' totals and the stars."""

    enrolment = models.OneToOneField(Enrolment, on_delete=models.PROTECT, related_name="result")
    criteria_set = models.ForeignKey("criteria.CriteriaSet", on_delete=models.PROTECT)
    product_set = models.ForeignKey("criteria.ProductSet", on_delete=models.PROTECT)
    total = models.DecimalField(_("mean total"), max_digits=6, decimal_places=2)
    parts = models.JSONField(default=dict)
    points = models.JSONField(default=dict)
    stars = models.PositiveSmallIntegerField(_("stars"))
    band_stars = models.PositiveSmallIntegerField()
    recognisable = models.BooleanField(default=False)
    missed_minimums = models.JSONField(default=list)
    member_count = models.PositiveSmallIntegerField(default=0)
    spread = models.DecimalField(max_digits=6, decimal_places=2, default=0)
    flags = models.JSONField(default=list, blank=True)
    rules = models.JSONField(default=dict, blank=True)
    quorum_met = models.BooleanField(_("quorum met"), default=False)
    final = models.BooleanField(_("final"), default=False)
    finalised_at = models.DateTimeField(_("finalised at"), null=True, blank=True)
    override_reason = models.TextField(_("reason for overriding the spread rule"), blank=True)

    class Meta:
        verbose_name = _("result")
        verbose_name_plural = _("results")
