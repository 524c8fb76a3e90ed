"""Misuse reports from the public (phản ánh sử dụng sai nhãn OCOP): a suspected fake, expired
or over-starred label, routed to the unit responsible and worked as a case."""

from __future__ import annotations

from django.db import models
from django.utils.translation import gettext_lazy as _
from django.utils.translation import pgettext_lazy

from ocop.core.codes import human_code
from ocop.core.models import TimeStamped

CASE_PREFIX = "PA"


def new_case_code() -> str:
    return human_code(length=8, prefix=CASE_PREFIX)


class MisuseKind(models.TextChoices):
    FAKE = "fake", _("Fake OCOP label")
    EXPIRED = "expired", _("Expired certificate still on the label")
    OVER_STARRED = "over_starred", _("More stars than recognised")
    OTHER = "other", _("Other misuse")


class CaseStatus(models.TextChoices):
    # A context of their own: the project catalogue's "Received" is a column of days.
    RECEIVED = "received", pgettext_lazy("misuse case", "Received")
    CHECKING = "checking", pgettext_lazy("misuse case", "Being checked")
    CONFIRMED = "confirmed", pgettext_lazy("misuse case", "Confirmed")
    DISMISSED = "dismissed", pgettext_lazy("misuse case", "Dismissed")
    CLOSED = "closed", pgettext_lazy("misuse case", "Closed")


class MisuseReport(TimeStamped):
    """A report and its case. What the reporter sees by the case code: kind, status, answer."""

    code = models.CharField(_("case code"), max_length=20, unique=True, default=new_case_code)
    kind = models.CharField(_("kind"), max_length=20, choices=MisuseKind.choices)
    certificate_code = models.CharField(
        _("certificate code on the label"), max_length=30, blank=True
    )
    product = models.ForeignKey(
        "registry.Product",
        verbose_name=_("product"),
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="+",
    )
    unit = models.ForeignKey(
        "geo.AdminUnit",
        verbose_name=_("responsible unit"),
        on_delete=models.PROTECT,
        related_name="+",
    )
    place = models.CharField(_("place"), max_length=255, blank=True)
    seller = models.CharField(_("seller"), max_length=255, blank=True)
    link = models.URLField(_("link"), max_length=500, blank=True)
    description = models.TextField(_("what you saw"), blank=True)
    contact = models.CharField(_("contact (optional)"), max_length=255, blank=True)
    photo = models.FileField(_("photo"), upload_to="misuse/%Y/%m/", blank=True)
    status = models.CharField(
        _("status"), max_length=12, choices=CaseStatus.choices, default=CaseStatus.RECEIVED
    )
    answer = models.TextField(_("answer to the reporter"), blank=True)
    internal_note = models.TextField(_("internal note"), blank=True)

    class Meta:
        ordering = ["-created_at", "-pk"]
        verbose_name = _("misuse report")
        verbose_name_plural = _("misuse reports")

    def __str__(self) -> str:
        return self.code
