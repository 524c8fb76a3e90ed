"""Criteria sets (bộ tiêu chí) as versioned data, loaded from ``ocop/criteria/data``.

A criteria set is one legal instrument (1048/2019, 148/2023, 26/2026, ...) with its dates,
parts frame, star bands, product groups and product sets. A product set carries its full
score sheet as JSON in the project's criteria format (see docs/criteria-format.md); the
Python view of a sheet is ``ocop.criteria.sheet.Sheet``.
"""

from django.db import models
from django.utils.translation import gettext_lazy as _
from django.utils.translation import pgettext_lazy


class CriteriaSet(models.Model):
    code = models.CharField(_("code"), max_length=40, unique=True)
    title_vi = models.CharField(_("title (Vietnamese)"), max_length=255)
    title_en = models.CharField(_("title (English)"), max_length=255, blank=True)
    issued_on = models.DateField(pgettext_lazy("decision", "issued on"))
    effective_from = models.DateField(_("effective from"))
    effective_to = models.DateField(_("effective to (last day)"), null=True, blank=True)
    parts = models.JSONField(_("parts"), default=list)
    bands = models.JSONField(_("star bands"), default=list)
    has_sheets = models.BooleanField(_("has score sheets"), default=False)
    meta = models.JSONField(default=dict, blank=True)
    data_hash = models.CharField(max_length=64, blank=True)
    loaded_at = models.DateTimeField(auto_now=True)

    class Meta:
        ordering = ["-effective_from"]
        verbose_name = _("criteria set")
        verbose_name_plural = _("criteria sets")

    def __str__(self) -> str:
        return self.code


class ProductGroup(models.Model):
    """A product line, group or sub-group of a criteria set's classification."""

    criteria_set = models.ForeignKey(CriteriaSet, on_delete=models.CASCADE, related_name="groups")
    code = models.CharField(_("code"), max_length=20)
    name_vi = models.CharField(_("name (Vietnamese)"), max_length=255)
    name_en = models.CharField(_("name (English)"), max_length=255, blank=True)
    parent = models.ForeignKey(
        "self", null=True, blank=True, on_delete=models.CASCADE, related_name="children"
    )
    lead_ministry_vi = models.CharField(_("lead ministry"), max_length=255, blank=True)
    lead_ministry_en = models.CharField(_("lead ministry (English)"), max_length=255, blank=True)
    name_folded = models.CharField(max_length=255, db_index=True, editable=False, default="")

    class Meta:
        ordering = ["criteria_set", "code"]
        constraints = [
            models.UniqueConstraint(fields=["criteria_set", "code"], name="criteria_group_unique")
        ]
        verbose_name = _("product group")
        verbose_name_plural = _("product groups")

    def __str__(self) -> str:
        return f"{self.code} {self.name_vi}"


class ProductSet(models.Model):
    """A product set (bộ sản phẩm): fixes the score sheet and the lead ministry."""

    criteria_set = models.ForeignKey(
        CriteriaSet, on_delete=models.CASCADE, related_name="product_sets"
    )
    number = models.PositiveSmallIntegerField(pgettext_lazy("product set", "number"))
    slug = models.SlugField(_("slug"), max_length=80)
    name_vi = models.CharField(_("name (Vietnamese)"), max_length=255)
    name_en = models.CharField(_("name (English)"), max_length=255, blank=True)
    group = models.ForeignKey(
        ProductGroup, null=True, blank=True, on_delete=models.SET_NULL, related_name="product_sets"
    )
    lead_ministry_vi = models.CharField(_("lead ministry"), max_length=255, blank=True)
    lead_ministry_en = models.CharField(_("lead ministry (English)"), max_length=255, blank=True)
    sheet = models.JSONField(_("score sheet"), null=True, blank=True)
    name_folded = models.CharField(max_length=255, db_index=True, editable=False, default="")

    class Meta:
        ordering = ["criteria_set", "number"]
        constraints = [
            models.UniqueConstraint(fields=["criteria_set", "number"], name="criteria_set_number")
        ]
        verbose_name = _("product set")
        verbose_name_plural = _("product sets")

    def __str__(self) -> str:
        return f"{self.number}. {self.name_vi}"
