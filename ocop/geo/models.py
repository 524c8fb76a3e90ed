"""Administrative units (đơn vị hành chính) with validity dates and successors.

Two structures coexist:
- ``old``: province > district > commune, in force until 30 June 2025;
- ``new``: province > commune, from 1 July 2025 (34 provinces, no districts).

Every unit keeps its own ``path`` in its own tree and the ``current_path`` of the ``new`` unit
that covers it today, so that a 2021 record stays attached to its 2021 district and can also be
reported (and scoped) under its 2025 unit.
"""

from django.db import models
from django.utils.translation import gettext_lazy as _
from django.utils.translation import pgettext_lazy


class Era(models.TextChoices):
    OLD = "old", _("Before 1 July 2025 (three levels)")
    NEW = "new", _("From 1 July 2025 (two levels)")


class Level(models.TextChoices):
    PROVINCE = "province", _("Province")
    DISTRICT = "district", _("District")
    COMMUNE = "commune", _("Commune")


class UnitType(models.TextChoices):
    PROVINCE = "tinh", _("Province")
    CITY = "thanh_pho_tw", _("Centrally-run city")
    DISTRICT = "huyen", _("Rural district")
    URBAN_DISTRICT = "quan", _("Urban district")
    TOWN = "thi_xa", _("Town")
    PROVINCIAL_CITY = "thanh_pho", _("Provincial city")
    COMMUNE = "xa", pgettext_lazy("unit type", "Commune")
    WARD = "phuong", _("Ward")
    TOWNSHIP = "thi_tran", _("Township")
    SPECIAL_ZONE = "dac_khu", _("Special zone")


class AdminUnit(models.Model):
    key = models.CharField(_("key"), max_length=32, unique=True, help_text="era:code, e.g. old:17")
    era = models.CharField(_("structure"), max_length=3, choices=Era.choices, db_index=True)
    level = models.CharField(_("level"), max_length=10, choices=Level.choices, db_index=True)
    code = models.CharField(_("official code"), max_length=10, db_index=True)
    name = models.CharField(_("name"), max_length=120)
    unit_type = models.CharField(_("type"), max_length=16, choices=UnitType.choices)
    full_name = models.CharField(pgettext_lazy("administrative unit", "full name"), max_length=160)
    name_folded = models.CharField(max_length=160, db_index=True, editable=False)
    parent = models.ForeignKey(
        "self",
        verbose_name=_("parent unit"),
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="children",
    )
    path = models.CharField(max_length=64, db_index=True, editable=False)
    current_path = models.CharField(max_length=64, db_index=True, editable=False)
    valid_from = models.DateField(_("valid from"), null=True, blank=True)
    valid_to = models.DateField(_("valid to (last day)"), null=True, blank=True)
    latitude = models.DecimalField(max_digits=9, decimal_places=6, null=True, blank=True)
    longitude = models.DecimalField(max_digits=9, decimal_places=6, null=True, blank=True)

    class Meta:
        ordering = ["path"]
        verbose_name = _("administrative unit")
        verbose_name_plural = _("administrative units")
        constraints = [
            models.UniqueConstraint(fields=["era", "level", "code"], name="geo_unit_era_level_code")
        ]

    def __str__(self) -> str:
        return self.full_name

    def is_valid_on(self, day) -> bool:
        return (self.valid_from is None or self.valid_from <= day) and (
            self.valid_to is None or day <= self.valid_to
        )


class UnitSuccession(models.Model):
    """An old unit continues (wholly or partly) in a new one from ``effective_on``."""

    class Kind(models.TextChoices):
        CONTINUED = "continued", _("Continues as")
        MERGED = "merged", _("Merged into")
        RENAMED = "renamed", _("Renamed")
        SPLIT = "split", _("Split into")
        ABOLISHED = "abolished", _("Level abolished; territory now in")

    predecessor = models.ForeignKey(
        AdminUnit,
        on_delete=models.CASCADE,
        related_name="successions",
        verbose_name=_("former unit"),
    )
    successor = models.ForeignKey(
        AdminUnit,
        on_delete=models.CASCADE,
        related_name="predecessions",
        verbose_name=_("successor"),
    )
    effective_on = models.DateField(_("effective on"))
    kind = models.CharField(
        pgettext_lazy("unit succession", "kind"), max_length=10, choices=Kind.choices
    )
    is_primary = models.BooleanField(
        _("primary successor"),
        default=True,
        help_text=_("Where a unit was split, the main successor."),
    )

    class Meta:
        verbose_name = _("unit succession")
        verbose_name_plural = _("unit successions")
        constraints = [
            models.UniqueConstraint(
                fields=["predecessor", "successor"], name="geo_succession_unique"
            )
        ]

    def __str__(self) -> str:
        return f"{self.predecessor} -> {self.successor}"

    @property
    def incoming_label(self) -> str:
        """The kind as seen from the successor's side ("merged in" rather than "merged into")."""
        return {
            self.Kind.CONTINUED: _("continued under this unit"),
            self.Kind.MERGED: _("merged in"),
            self.Kind.RENAMED: _("renamed as this unit"),
            self.Kind.SPLIT: _("partly merged in"),
            self.Kind.ABOLISHED: _("district abolished, territory now here"),
        }.get(self.kind, self.get_kind_display())


class UnitSnapshot(models.Model):
    """One loaded version of the shipped unit data (sources, counts), so a load is traceable."""

    digest = models.CharField(_("digest"), max_length=64, unique=True)
    sources = models.JSONField(_("sources"), default=list)
    counts = models.JSONField(_("counts"), default=dict)
    loaded_at = models.DateTimeField(_("loaded at"), auto_now_add=True)

    class Meta:
        ordering = ["-loaded_at", "-pk"]
        verbose_name = _("unit data snapshot")
        verbose_name_plural = _("unit data snapshots")

    def __str__(self) -> str:
        return ", ".join(self.sources) or self.digest[:12]


class UnitAlias(models.Model):
    """Another name a unit answers to: a former name (a unit merged into it, an older spelling)
    in compact form, folded and without spaces (``huyenkyson``, ``kyson``)."""

    unit = models.ForeignKey(
        AdminUnit, on_delete=models.CASCADE, related_name="aliases", verbose_name=_("unit")
    )
    key = models.CharField(_("name key"), max_length=80, db_index=True)

    class Meta:
        verbose_name = _("former or alternative name")
        verbose_name_plural = _("former or alternative names")
        constraints = [models.UniqueConstraint(fields=["unit", "key"], name="geo_alias_unit_key")]

    def __str__(self) -> str:
        return f"{self.unit}: {self.key}"
