"""Recognition decisions (quyết định công nhận) and certificates (giấy chứng nhận).

A certificate's live status is computed: revoked, superseded, expired (past ``expires_on``) or
valid. Imported historical recognitions are decisions and certificates too (``source``).
"""

import datetime

from django.db import models
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from ocop.certificates.status import CertificateStatus, status_on  # noqa: F401 - re-exported
from ocop.core.codes import human_code
from ocop.core.models import PublicCoded, TimeStamped


class DecisionLevel(models.TextChoices):
    DISTRICT = "district", _("District People's Committee")
    PROVINCE = "province", _("Provincial People's Committee")
    CENTRAL = "central", _("Ministry (central level)")


class Source(models.TextChoices):
    EVALUATED = "evaluated", _("Evaluated in this system")
    IMPORTED = "imported", _("Imported historical record")


class RecognitionDecision(PublicCoded, TimeStamped):
    number = models.CharField(_("decision number"), max_length=80)
    decided_on = models.DateField(_("decision date"), null=True, blank=True)
    year = models.PositiveSmallIntegerField(_("year"), db_index=True)
    signer = models.CharField(_("signed by"), max_length=150, blank=True)
    signer_title = models.CharField(_("signer's title"), max_length=150, blank=True)
    level = models.CharField(_("level"), max_length=10, choices=DecisionLevel.choices)
    unit = models.ForeignKey(
        "geo.AdminUnit",
        verbose_name=_("issuing unit"),
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="+",
    )
    round = models.ForeignKey(
        "evaluation.Round",
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="decisions",
    )
    round_label = models.CharField(_("round as recorded"), max_length=80, blank=True)
    criteria_set = models.ForeignKey(
        "criteria.CriteriaSet", null=True, blank=True, on_delete=models.PROTECT, related_name="+"
    )
    source = models.CharField(max_length=10, choices=Source.choices, default=Source.EVALUATED)

    class Meta:
        ordering = ["-decided_on", "number"]
        constraints = [
            models.UniqueConstraint(fields=["number", "year", "unit"], name="decision_unique")
        ]
        verbose_name = _("recognition decision")
        verbose_name_plural = _("recognition decisions")

    def __str__(self) -> str:
        return self.number


class CertificateKind(models.TextChoices):
    FIRST = "first", _("First recognition")
    UPGRADE = "upgrade", _("Upgrade")
    REEVALUATION = "reevaluation", _("Re-evaluation")


class RevocationGround(models.TextChoices):
    UNTRUTHFUL = "untruthful", _("Untruthful or forged information")
    CRITERIA_NOT_MET = "criteria_not_met", _("No longer meets the criteria (inspection)")
    LAW_VIOLATION = (
        "law_violation",
        _("Violation of law on quality, safety, environment, IP or labelling"),
    )
    MARK_MISUSE = "mark_misuse", _("Misuse of the OCOP mark")
    PRODUCTION_STOPPED = "production_stopped", _("The producer no longer makes the product")
    OTHER_AUTHORITY = "other_authority", _("Other conclusion of a competent authority")


def new_certificate_code() -> str:
    return human_code(length=8, prefix="OCOP")


def unused_certificate_code() -> str:
    """A new code no certificate holds yet (23^7 bodies: repeats become likely in the tens of
    thousands, so a code is drawn again rather than failing the issue)."""
    while Certificate.objects.filter(code=(code := new_certificate_code())).exists():
        pass
    return code


class Certificate(TimeStamped):
    code = models.CharField(
        _("certificate code"), max_length=20, unique=True, default=new_certificate_code
    )
    product = models.ForeignKey(
        "registry.Product", on_delete=models.PROTECT, related_name="certificates"
    )
    producer = models.ForeignKey(
        "registry.Producer", null=True, blank=True, on_delete=models.PROTECT, related_name="+"
    )
    decision = models.ForeignKey(
        RecognitionDecision, on_delete=models.PROTECT, related_name="certificates"
    )
    result = models.OneToOneField(
        "evaluation.Result",
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="certificate",
    )
    kind = models.CharField(
        _("kind"),
        max_length=20,
        default="first",
        choices=CertificateKind.choices,
    )
    stars = models.PositiveSmallIntegerField(_("stars"))
    score = models.DecimalField(_("score"), max_digits=6, decimal_places=2, null=True, blank=True)
    issued_on = models.DateField(_("issued on"))
    expires_on = models.DateField(_("expires on"))
    previous = models.ForeignKey(
        "self", null=True, blank=True, on_delete=models.PROTECT, related_name="followers"
    )
    revoked = models.BooleanField(default=False)
    superseded = models.BooleanField(default=False)
    superseded_on = models.DateField(null=True, blank=True)
    revoked_on = models.DateField(null=True, blank=True)
    revocation_ground = models.CharField(
        max_length=20, choices=RevocationGround.choices, blank=True
    )
    revocation_authority = models.CharField(max_length=150, blank=True)
    revocation_decision_no = models.CharField(max_length=80, blank=True)
    facts = models.JSONField(
        _("frozen facts"),
        default=dict,
        blank=True,
        editable=False,
        help_text=_("What the certificate states, fixed at issue; the signature covers it."),
    )
    signature = models.CharField(max_length=200, blank=True, editable=False)
    key_id = models.CharField(
        _("signing key"),
        max_length=16,
        blank=True,
        editable=False,
        help_text=_(
            "The id of the key that signed the certificate (see /.well-known/ocop-keys.json)."
        ),
    )

    class Meta:
        ordering = ["-issued_on"]
        verbose_name = _("certificate")
        verbose_name_plural = _("certificates")

    def __str__(self) -> str:
        return self.code

    def status_on(self, day: datetime.date | None = None) -> str:
        """See ``ocop.certificates.status.status_on``, the one definition."""
        return status_on(self, day or timezone.localdate())

    @property
    def status(self) -> str:
        return self.status_on()


class ReevaluationLink(TimeStamped):
    """The certificate a re-evaluation dossier (hồ sơ đánh giá lại) follows up. Kept on the
    certificates side so that the registry knows nothing of certificates."""

    dossier = models.OneToOneField(
        "registry.Dossier", on_delete=models.CASCADE, related_name="reevaluation"
    )
    certificate = models.ForeignKey(
        Certificate,
        verbose_name=_("certificate re-evaluated"),
        on_delete=models.PROTECT,
        related_name="reevaluations",
    )

    class Meta:
        verbose_name = _("re-evaluation link")
        verbose_name_plural = _("re-evaluation links")

    def __str__(self) -> str:
        return f"{self.dossier} · {self.certificate}"


def _reference(to: str) -> models.ForeignKey:
    """A link from an index row that never blocks a change of what it points to."""
    return models.ForeignKey(
        to, null=True, on_delete=models.DO_NOTHING, db_constraint=False, related_name="+"
    )


class CatalogueEntry(models.Model):
    """A row of the public catalogue's index (chỉ mục danh mục): a certificate that may be in
    force and valid today or later, with the fields a card shows and the folded text a search
    reads. Kept in step by ``ocop.certificates.catalogue_index.catalogue_refresh`` in the
    transaction of every change; never a source of truth (``ocop catalogue-index`` rebuilds
    it from the certificates)."""

    certificate = models.OneToOneField(
        Certificate, primary_key=True, on_delete=models.CASCADE, related_name="+"
    )
    product = models.ForeignKey("registry.Product", on_delete=models.CASCADE, related_name="+")
    code = models.CharField(max_length=20)
    stars = models.PositiveSmallIntegerField()
    issued_on = models.DateField()
    expires_on = models.DateField()
    revoked = models.BooleanField(default=False)
    revoked_on = models.DateField(null=True)
    superseded = models.BooleanField(default=False)
    superseded_on = models.DateField(null=True)
    # the issue day of the product's next certificate: in force from issued_on until then
    followed_on = models.DateField(null=True)
    product_code = models.CharField(max_length=20)
    product_name = models.CharField(max_length=255)
    producer = _reference("registry.Producer")
    producer_code = models.CharField(max_length=20, blank=True)
    producer_name = models.CharField(max_length=255, blank=True)
    # reference data is joined, not copied: units and product sets change in bulk loads
    product_set = _reference("criteria.ProductSet")
    origin_unit = _reference("geo.AdminUnit")
    province = _reference("geo.AdminUnit")
    # folded product name, producer name and code, one per line (``ocop.core.text.fold``)
    search_text = models.TextField()

    class Meta:
        indexes = [
            models.Index(
                fields=["-stars", "product_name", "certificate"], name="catalogue_by_stars"
            ),
            models.Index(fields=["product_name", "certificate"], name="catalogue_by_name"),
            models.Index(
                fields=["-issued_on", "product_name", "certificate"], name="catalogue_by_issue"
            ),
        ]
        verbose_name = _("catalogue entry")
        verbose_name_plural = _("catalogue entries")

    def __str__(self) -> str:
        return f"{self.code} · {self.product_name}"
