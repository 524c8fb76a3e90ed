"""Programme figures received from province deployments (tổng hợp chỉ tiêu toàn quốc).

A province that runs its own deployment sends, with its certified list, the targets and actual
figures of its plans of a year, one row per measure for the whole province
(``ocop rollup push-progress``). The national deployment mirrors them here; they are never
counted again nationally (decision 0075).
"""

from django.db import models
from django.utils.translation import gettext_lazy as _

from ocop.core.models import TimeStamped


class ProvinceProgress(TimeStamped):
    province = models.ForeignKey(
        "geo.AdminUnit", verbose_name=_("province"), on_delete=models.PROTECT, related_name="+"
    )
    year = models.PositiveSmallIntegerField(_("year"), db_index=True)
    measure = models.CharField(_("measure"), max_length=40)
    target = models.PositiveIntegerField(_("target"))
    actual = models.PositiveIntegerField(_("actual"))
    as_of = models.DateField(_("counted on"))
    source = models.CharField(_("plans"), max_length=255, blank=True)

    class Meta:
        ordering = ["year", "province__name", "measure"]
        verbose_name = _("province progress figure")
        verbose_name_plural = _("province progress figures")
        constraints = [
            models.UniqueConstraint(
                fields=["province", "year", "measure"], name="province_progress_unique"
            )
        ]

    def __str__(self) -> str:
        return f"{self.province_id} · {self.year} · {self.measure}={self.actual}/{self.target}"
