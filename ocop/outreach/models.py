"""Trade fairs and promotion events (hội chợ, xúc tiến thương mại) with the producers and
products taking part and what they sold; news posts from the units (tin từ các đơn vị)."""

from django.conf import settings
from django.db import models
from django.utils.translation import gettext_lazy as _
from django.utils.translation import pgettext_lazy

from ocop.core.models import PublicCoded, TimeStamped
from ocop.geo.models import AdminUnit
from ocop.registry.models import Producer, Product


class FairLevel(models.TextChoices):
    CENTRAL = "central", _("Central")
    PROVINCIAL = "provincial", _("Provincial")
    OTHER = "other", _("Other")


class FairStatus(models.TextChoices):
    PLANNED = "planned", _("Planned")
    OPEN = "open", _("Open to registration")
    HELD = "held", _("Held")
    REPORTED = "reported", _("Results reported")
    CANCELLED = "cancelled", _("Cancelled")


class Fair(PublicCoded, TimeStamped):
    """A trade fair or promotion event (hội chợ, sự kiện xúc tiến thương mại).

    ``unit`` is the 2025 province whose office runs the event; a central event has none and is
    run by the central office. ``place_unit`` is where it takes place, a unit in force on its
    first day."""

    name = models.CharField(_("name"), max_length=255)
    organiser = models.CharField(_("organiser"), max_length=255)
    level = models.CharField(_("level"), max_length=12, choices=FairLevel.choices)
    unit = models.ForeignKey(
        AdminUnit,
        verbose_name=_("managing province"),
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="+",
    )
    starts_on = models.DateField(_("first day"))
    ends_on = models.DateField(_("last day"))
    place = models.CharField(_("place"), max_length=255)
    place_unit = models.ForeignKey(
        AdminUnit,
        verbose_name=_("province or commune of the place"),
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="+",
    )
    description = models.TextField(_("description"), blank=True)
    is_public = models.BooleanField(_("shown on the public pages"), default=True)
    status = models.CharField(
        _("status"), max_length=12, choices=FairStatus.choices, default=FairStatus.PLANNED
    )
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, on_delete=models.SET_NULL, related_name="+"
    )

    class Meta:
        ordering = ["-starts_on", "name"]
        verbose_name = _("trade fair")
        verbose_name_plural = _("trade fairs")
        indexes = [models.Index(fields=["is_public", "status", "starts_on"])]

    def __str__(self) -> str:
        return self.name


class Participation(TimeStamped):
    """A product shown at a fair by its producer, and what it brought."""

    fair = models.ForeignKey(Fair, on_delete=models.CASCADE, related_name="participations")
    producer = models.ForeignKey(Producer, on_delete=models.PROTECT, related_name="+")
    product = models.ForeignKey(Product, on_delete=models.PROTECT, related_name="fair_entries")
    sales_vnd = models.PositiveBigIntegerField(_("sales (VND)"), null=True, blank=True)
    contracts_signed = models.PositiveIntegerField(_("contracts signed"), null=True, blank=True)
    contracts_value_vnd = models.PositiveBigIntegerField(
        _("value of the contracts (VND)"), null=True, blank=True
    )
    result_note = models.CharField(_("note on the results"), max_length=500, blank=True)
    entered_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, on_delete=models.SET_NULL, related_name="+"
    )

    class Meta:
        ordering = ["producer__name", "product__name"]
        verbose_name = _("participation")
        verbose_name_plural = _("participations")
        constraints = [
            models.UniqueConstraint(fields=["fair", "product"], name="outreach_fair_product_once")
        ]

    def __str__(self) -> str:
        return f"{self.fair} · {self.product}"

    @property
    def has_results(self) -> bool:
        return any(
            v is not None for v in (self.sales_vnd, self.contracts_signed, self.contracts_value_vnd)
        )


class PostCategory(models.TextChoices):
    NEWS = "news", _("News")
    FAIR = "fair", _("Fairs and promotion")
    TRAINING = "training", _("Training")
    POLICY = "policy", _("Policy")
    PRODUCTS = "products", _("Products")


class PostStatus(models.TextChoices):
    DRAFT = "draft", _("Draft")
    SUBMITTED = "submitted", _("Waiting for review")
    PUBLISHED = "published", _("Published")
    WITHDRAWN = "withdrawn", pgettext_lazy("news post", "Withdrawn")


class Post(PublicCoded, TimeStamped):
    """A news post written by a unit's officer (tin từ đơn vị), published once an officer of the
    level above has reviewed it. ``author_unit`` is the unit the author writes for (none: the
    central office)."""

    title = models.CharField(_("title"), max_length=200)
    slug = models.SlugField(_("address"), max_length=120, unique=True, editable=False)
    summary = models.CharField(_("summary"), max_length=400)
    body = models.TextField(_("text"), help_text=_("Plain text; a blank line starts a paragraph."))
    category = models.CharField(_("category"), max_length=12, choices=PostCategory.choices)
    cover = models.FileField(_("cover image"), upload_to="news/%Y/%m/", blank=True)
    cover_alt = models.CharField(_("description of the cover image"), max_length=200, blank=True)
    products = models.ManyToManyField(
        Product, verbose_name=_("products"), blank=True, related_name="+"
    )
    units = models.ManyToManyField(AdminUnit, verbose_name=_("units"), blank=True, related_name="+")
    author = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, on_delete=models.SET_NULL, related_name="+"
    )
    author_unit = models.ForeignKey(
        AdminUnit,
        verbose_name=_("unit"),
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="+",
    )
    status = models.CharField(
        _("status"), max_length=12, choices=PostStatus.choices, default=PostStatus.DRAFT
    )
    submitted_at = models.DateTimeField(_("submitted at"), null=True, blank=True)
    published_at = models.DateTimeField(_("published at"), null=True, blank=True, db_index=True)
    reviewed_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )
    review_comment = models.TextField(_("reviewer's comment"), blank=True)

    class Meta:
        ordering = ["-published_at", "-created_at"]
        verbose_name = _("news post")
        verbose_name_plural = _("news posts")
        indexes = [models.Index(fields=["status", "published_at"])]

    def __str__(self) -> str:
        return self.title
