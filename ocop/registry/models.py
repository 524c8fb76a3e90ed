"""Producers (chủ thể OCOP), products, evidence documents and dossiers (hồ sơ).

Business rules live in ``services.py``; visibility in ``selectors.py``; the product lifecycle
in ``lifecycle.py``.
"""

from django.conf import settings
from django.db import models
from django.utils.translation import gettext_lazy as _

from ocop.core.ethnicities import ETHNICITY_CHOICES
from ocop.core.models import Archivable, PublicCoded, TimeStamped


class LegalForm(models.TextChoices):
    ENTERPRISE = "enterprise", _("Enterprise")
    COOPERATIVE = "cooperative", _("Cooperative")
    COOPERATIVE_GROUP = "cooperative_group", _("Cooperative group")
    FARM = "farm", _("Farm")
    HOUSEHOLD = "household", _("Registered household business")


class Gender(models.TextChoices):
    FEMALE = "female", _("Female")
    MALE = "male", _("Male")
    OTHER = "other", _("Other")


class Producer(PublicCoded, Archivable, TimeStamped):
    """A producer (chủ thể OCOP): cooperative, small firm, farm or registered household."""

    legal_form = models.CharField(_("legal form"), max_length=20, choices=LegalForm.choices)
    name = models.CharField(_("name"), max_length=255)
    name_folded = models.CharField(max_length=255, db_index=True, editable=False, default="")
    tax_code = models.CharField(
        _("tax or registration code"), max_length=20, blank=True, db_index=True
    )
    representative_name = models.CharField(_("legal representative"), max_length=150, blank=True)
    representative_title = models.CharField(_("title"), max_length=100, blank=True)
    representative_gender = models.CharField(
        _("gender of the representative"), max_length=10, choices=Gender.choices, blank=True
    )
    representative_ethnicity = models.CharField(
        _("ethnicity of the representative"), max_length=40, choices=ETHNICITY_CHOICES, blank=True
    )
    representative_disabled = models.BooleanField(
        _("representative is a person with a disability"), default=False
    )
    address = models.CharField(_("address"), max_length=255, blank=True)
    commune = models.ForeignKey(
        "geo.AdminUnit",
        verbose_name=_("commune"),
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="+",
    )
    province = models.ForeignKey(
        "geo.AdminUnit",
        verbose_name=_("province"),
        on_delete=models.PROTECT,
        related_name="+",
    )
    phone = models.CharField(_("phone"), max_length=30, blank=True)
    email = models.EmailField(_("email"), blank=True)
    website = models.URLField(_("website"), blank=True)
    contact_public = models.BooleanField(
        _("show the address, phone, email and website on the public pages"),
        default=False,
        help_text=_("Only with the producer's consent; the tax code is never shown."),
    )
    recorded_location = models.CharField(
        _("location as recorded"),
        max_length=255,
        blank=True,
        help_text=_("District or commune names from imported lists that no longer resolve."),
    )

    class Meta:
        ordering = ["name"]
        verbose_name = _("producer")
        verbose_name_plural = _("producers")

    def __str__(self) -> str:
        return self.name

    @property
    def scope_unit(self):
        return self.commune or self.province


# The fields a producer's record is registered and corrected with (forms, services, imports).
PRODUCER_FIELDS = (
    "legal_form",
    "name",
    "tax_code",
    "representative_name",
    "representative_title",
    "representative_gender",
    "representative_ethnicity",
    "representative_disabled",
    "address",
    "commune",
    "phone",
    "email",
    "website",
    "contact_public",
)
# Where the producer is: changed only by relocation (``producer_relocate``).
PRODUCER_UNIT_FIELDS = ("commune", "province")


class ProductStatus(models.TextChoices):
    DRAFT = "draft", _("Draft")
    SUBMITTED = "submitted", _("Submitted")
    UNDER_REVIEW = "under_review", _("Under review")
    RECOGNISED = "recognised", _("Recognised")
    EXPIRED = "expired", _("Expired")
    REVOKED = "revoked", _("Revoked")


class Product(PublicCoded, Archivable, TimeStamped):
    producer = models.ForeignKey(
        Producer,
        verbose_name=_("producer"),
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="products",
    )
    name = models.CharField(_("product name"), max_length=255)
    name_folded = models.CharField(max_length=255, db_index=True, editable=False, default="")
    origin_unit = models.ForeignKey(
        "geo.AdminUnit",
        verbose_name=_("origin (commune)"),
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="+",
        help_text=_("The most precise unit known: a commune, else a district or the province."),
    )
    province = models.ForeignKey(
        "geo.AdminUnit", verbose_name=_("province"), on_delete=models.PROTECT, related_name="+"
    )
    recorded_location = models.CharField(_("location as recorded"), max_length=255, blank=True)
    product_set = models.ForeignKey(
        "criteria.ProductSet",
        verbose_name=_("product set"),
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="products",
    )
    product_group_label = models.CharField(
        _("product group as recorded"), max_length=255, blank=True
    )
    status = models.CharField(
        _("status"),
        max_length=20,
        choices=ProductStatus.choices,
        default=ProductStatus.DRAFT,
        db_index=True,
    )
    stars = models.PositiveSmallIntegerField(_("stars"), null=True, blank=True)
    description = models.TextField(_("description"), blank=True)
    story = models.TextField(_("product story"), blank=True)
    gtin = models.CharField(_("GTIN (barcode)"), max_length=14, blank=True)
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )

    class Meta:
        ordering = ["name"]
        verbose_name = _("product")
        verbose_name_plural = _("products")

    def __str__(self) -> str:
        return self.name


# The fields a product is registered and corrected with.
PRODUCT_FIELDS = ("name", "origin_unit", "product_set", "description", "story", "gtin")
# Where the product comes from: set on registration, changed only by ``product_relocate``.
PRODUCT_UNIT_FIELDS = ("origin_unit", "province")


class ProductPhoto(TimeStamped):
    product = models.ForeignKey(Product, on_delete=models.CASCADE, related_name="photos")
    image = models.FileField(_("photo"), upload_to="photos/%Y/%m/")
    caption = models.CharField(_("caption"), max_length=255, blank=True)
    position = models.PositiveSmallIntegerField(default=0)
    is_public = models.BooleanField(_("shown in the public catalogue"), default=True)

    class Meta:
        ordering = ["product", "position", "id"]


class OutletKind(models.TextChoices):
    SHOP = "shop", _("Shop")
    MARKETPLACE = "marketplace", _("Online marketplace")
    FAIR = "fair", _("Fair or market stall")
    OTHER = "other", _("Other")


class ProductOutlet(TimeStamped):
    """Where to buy a product (nơi bán): a shop, an online marketplace, a fair stall. The
    producer keeps the list; hidden entries stay on record but leave the public page."""

    product = models.ForeignKey(Product, on_delete=models.CASCADE, related_name="outlets")
    kind = models.CharField(_("kind"), max_length=20, choices=OutletKind.choices)
    name = models.CharField(_("name"), max_length=150)
    address = models.CharField(_("address"), max_length=255, blank=True)
    url = models.URLField(_("web address"), max_length=500, blank=True)
    position = models.PositiveSmallIntegerField(default=0)
    is_hidden = models.BooleanField(_("hidden from the public page"), default=False)

    class Meta:
        ordering = ["product", "position", "id"]
        verbose_name = _("where to buy")
        verbose_name_plural = _("where to buy")

    def __str__(self) -> str:
        return self.name


# The fields a "where to buy" entry is added with.
OUTLET_FIELDS = ("kind", "name", "address", "url")


class DocumentType(models.TextChoices):
    BUSINESS_REGISTRATION = "business_registration", _("Business registration")
    FOOD_SAFETY = "food_safety", _("Food-safety facility certificate")
    QUALITY_DECLARATION = "quality_declaration", _("Quality declaration")
    TEST_REPORT = "test_report", _("Laboratory test report")
    TRADEMARK = "trademark", _("Trademark or other IP title")
    RAW_MATERIAL = "raw_material", _("Raw-material origin or supply contract")
    ENVIRONMENT = "environment", _("Environmental papers")
    LABOUR = "labour", _("Local labour list")
    FINANCIAL = "financial", _("Financial statements")
    DISTRIBUTION = "distribution", _("Distribution or export contract")
    QMS = "qms", _("Quality management certificate")
    LABEL = "label", _("Label or packaging")
    STORY = "story", _("Product story material")
    AWARD = "award", _("Award")
    REGISTRATION_FORM = "registration_form", _("Registration form")
    SELF_ASSESSMENT = "self_assessment", _("Self-assessment report")
    OTHER = "other", _("Other")


class Document(PublicCoded, Archivable, TimeStamped):
    """An evidence document owned by a producer and reused across evaluations."""

    producer = models.ForeignKey(
        Producer, verbose_name=_("producer"), on_delete=models.PROTECT, related_name="documents"
    )
    doc_type = models.CharField(_("document type"), max_length=30, choices=DocumentType.choices)
    title = models.CharField(_("title"), max_length=255)
    number = models.CharField(_("number"), max_length=80, blank=True)
    issuing_body = models.CharField(_("issuing body"), max_length=255, blank=True)
    issued_on = models.DateField(_("issued on"), null=True, blank=True)
    expires_on = models.DateField(_("expires on"), null=True, blank=True)
    file = models.FileField(_("file"), upload_to="documents/%Y/%m/")
    original_name = models.CharField(max_length=255, blank=True)
    content_type = models.CharField(max_length=100, blank=True)
    size = models.PositiveBigIntegerField(default=0)
    sha256 = models.CharField(max_length=64, db_index=True, blank=True)
    uploaded_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )

    class Meta:
        ordering = ["-issued_on", "title"]
        verbose_name = _("document")
        verbose_name_plural = _("documents")

    def __str__(self) -> str:
        return self.title

    def is_valid_on(self, day) -> bool:
        return self.archived_at is None and (self.expires_on is None or day <= self.expires_on)


class DossierKind(models.TextChoices):
    FIRST = "first", _("First evaluation")
    UPGRADE = "upgrade", _("Upgrade")
    REEVALUATION = "reevaluation", _("Re-evaluation at expiry")


class DossierStatus(models.TextChoices):
    DRAFT = "draft", _("Draft")
    SUBMITTED = "submitted", _("Submitted to the commune")
    RETURNED = "returned", _("Returned for completion")
    FORWARDED = "forwarded", _("Reviewed and forwarded by the commune")
    IN_EVALUATION = "in_evaluation", _("In evaluation")
    CLOSED = "closed", _("Closed")


class Dossier(PublicCoded, TimeStamped):
    """A product dossier (hồ sơ sản phẩm): the documents filed for one evaluation."""

    product = models.ForeignKey(
        Product, verbose_name=_("product"), on_delete=models.PROTECT, related_name="dossiers"
    )
    kind = models.CharField(_("kind"), max_length=20, choices=DossierKind.choices)
    status = models.CharField(
        _("status"),
        max_length=20,
        choices=DossierStatus.choices,
        default=DossierStatus.DRAFT,
        db_index=True,
    )
    criteria_set = models.ForeignKey(
        "criteria.CriteriaSet",
        verbose_name=_("criteria set"),
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="+",
    )
    self_assessment = models.JSONField(_("self-assessment answers"), null=True, blank=True)
    self_total = models.DecimalField(max_digits=6, decimal_places=2, null=True, blank=True)
    self_stars = models.PositiveSmallIntegerField(null=True, blank=True)
    submitted_at = models.DateTimeField(_("submitted at"), null=True, blank=True)
    commune_review = models.JSONField(_("commune review"), null=True, blank=True)
    reviewed_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )
    forwarded_at = models.DateTimeField(_("forwarded at"), null=True, blank=True)
    documents = models.ManyToManyField(Document, through="DossierDocument", related_name="dossiers")

    class Meta:
        ordering = ["-created_at"]
        verbose_name = _("dossier")
        verbose_name_plural = _("dossiers")

    def __str__(self) -> str:
        return f"{self.product} · {self.get_kind_display()}"


class DossierDocument(models.Model):
    dossier = models.ForeignKey(Dossier, on_delete=models.CASCADE, related_name="attachments")
    document = models.ForeignKey(Document, on_delete=models.PROTECT, related_name="attachments")
    criterion_code = models.CharField(_("criterion"), max_length=12, blank=True)
    note = models.CharField(_("note"), max_length=255, blank=True)

    class Meta:
        constraints = [
            models.UniqueConstraint(fields=["dossier", "document"], name="dossier_document_unique")
        ]

    def __str__(self) -> str:
        return f"{self.dossier} · {self.document}"
