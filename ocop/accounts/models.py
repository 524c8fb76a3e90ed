"""Users and their roles, each scoped to an administrative unit (or a producer)."""

from django.contrib.auth.models import AbstractUser
from django.db import models
from django.utils.translation import gettext_lazy as _


class User(AbstractUser):
    full_name = models.CharField(_("full name"), max_length=150, blank=True)
    phone = models.CharField(_("phone"), max_length=30, blank=True)

    class Meta:
        verbose_name = _("user")
        verbose_name_plural = _("users")

    def __str__(self) -> str:
        return self.full_name or self.username


class Role(models.TextChoices):
    CENTRAL_OFFICE = "central_office", _("Central OCOP office")
    PROVINCE_OFFICE = "province_office", _("Provincial OCOP office")
    DEPARTMENT = "department", _("Sector department officer")
    DISTRICT_OFFICER = "district_officer", _("District officer")
    COMMUNE_OFFICER = "commune_officer", _("Commune officer")
    COUNCIL_MEMBER = "council_member", _("Council member")
    PRODUCER = "producer", _("Producer user")


class RoleAssignment(models.Model):
    """A role held by a user on a unit (covering everything below it) or for one producer."""

    user = models.ForeignKey(User, on_delete=models.CASCADE, related_name="roles")
    role = models.CharField(_("role"), max_length=20, choices=Role.choices)
    unit = models.ForeignKey(
        "geo.AdminUnit",
        verbose_name=_("unit"),
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="+",
    )
    producer = models.ForeignKey(
        "registry.Producer",
        verbose_name=_("producer"),
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="user_roles",
    )
    department = models.CharField(_("department"), max_length=120, blank=True)
    product_sets = models.JSONField(
        _("product sets"),
        default=list,
        blank=True,
        help_text=_("Numbers of the product sets a sector department acts on."),
    )
    valid_from = models.DateField(_("valid from"), null=True, blank=True)
    valid_to = models.DateField(_("valid to"), null=True, blank=True)
    active = models.BooleanField(_("active"), default=True)
    created_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        verbose_name = _("role assignment")
        verbose_name_plural = _("role assignments")

    def __str__(self) -> str:
        where = self.unit or self.producer or _("whole country")
        return f"{self.user} · {self.get_role_display()} · {where}"


class RequestStatus(models.TextChoices):
    PENDING = "pending", _("Waiting for the commune")
    CONFIRMED = "confirmed", _("Confirmed")
    REJECTED = "rejected", _("Rejected")


class AccountRequest(models.Model):
    """A producer's request for an account (đề nghị cấp tài khoản), sent from the public form
    to the commune where the producer works, which confirms or rejects it."""

    full_name = models.CharField(_("full name"), max_length=150)
    producer_name = models.CharField(_("producer name"), max_length=255)
    tax_code = models.CharField(_("tax code"), max_length=20, blank=True)
    commune = models.ForeignKey(
        "geo.AdminUnit", verbose_name=_("commune"), on_delete=models.PROTECT, related_name="+"
    )
    phone = models.CharField(_("phone"), max_length=30)
    email = models.EmailField(_("e-mail"))
    status = models.CharField(
        _("status"), max_length=10, choices=RequestStatus.choices, default=RequestStatus.PENDING
    )
    reason = models.TextField(_("reason"), blank=True)
    user = models.ForeignKey(
        User,
        verbose_name=_("account"),
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="+",
    )
    decided_by = models.ForeignKey(
        User, null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )
    decided_at = models.DateTimeField(null=True, blank=True)
    created_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        ordering = ["-created_at"]
        verbose_name = _("account request")
        verbose_name_plural = _("account requests")

    def __str__(self) -> str:
        return f"{self.full_name} · {self.producer_name}"
