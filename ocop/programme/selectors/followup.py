"""Reads of responsible officers and unit reports, and the figures a report is pre-filled
with: read from the registry, the certificates and the measures registry, never typed."""

from __future__ import annotations

import datetime

from django.db.models import Count, Q, QuerySet
from django.utils.translation import gettext
from django.utils.translation import gettext_lazy as _

from ocop.accounts.models import Role
from ocop.accounts.scope import active_roles, scope_for, unit_q
from ocop.certificates.models import Certificate
from ocop.certificates.selectors import certificates_in_force, certificates_valid_in_force
from ocop.certificates.status import CertificateStatus, status_q
from ocop.geo.models import Level
from ocop.programme import measures
from ocop.programme.models import PeriodKind, ReportStatus, ResponsibleOfficer, UnitReport
from ocop.programme.officers import REVIEWER_ROLES, officer_roles, visible_q
from ocop.registry.models import Dossier, Product

# a certificate valid at the end of the period and expiring within this many days is flagged
EXPIRY_HORIZON_DAYS = 180

FIGURE_LABELS = {
    "products_registered": _("Products registered (at the end of the period)"),
    "products_new": _("Products registered during the period"),
    "dossiers_filed": _("Dossiers filed during the period"),
    "dossiers_forwarded": _("Dossiers reviewed and forwarded by the commune"),
    "recognised_3": _("Products recognised 3 stars during the period"),
    "recognised_4": _("Products recognised 4 stars during the period"),
    "recognised_5": _("Products recognised 5 stars during the period"),
    "recognised_total": _("Products recognised (valid certificate) at the end of the period"),
    "expired": _("Certificates that expired during the period"),
    "expiring": _("Valid certificates expiring within 180 days after the period"),
}
MEASURE_PREFIX = "measure:"


def officers_visible_to(user) -> QuerySet[ResponsibleOfficer]:
    """Current and past responsible officers of units and products in the user's scope."""
    qs = ResponsibleOfficer.objects.select_related("unit", "product", "officer")
    scope = scope_for(user)
    if scope.everything:
        return qs
    paths = scope.unit_paths
    return qs.filter(
        unit_q(paths, "unit__") | unit_q(paths, "product__origin_unit__", "product__province__")
    )


def current_officer(*, unit=None, product=None) -> ResponsibleOfficer | None:
    qs = ResponsibleOfficer.objects.filter(ended_on__isnull=True).select_related("officer")
    if unit is not None:
        return qs.filter(unit=unit).first()
    return qs.filter(product=product).first()


def reports_visible_to(user) -> QuerySet[UnitReport]:
    return UnitReport.objects.filter(visible_q(user, "unit__")).select_related(
        "unit", "filed_by", "answered_by"
    )


def period_days(year: int, kind: str, period: int) -> tuple[datetime.date, datetime.date]:
    """First and last day of a quarter (1-4), a half-year (1-2) or the year."""
    months = {PeriodKind.QUARTER: 3, PeriodKind.HALF: 6, PeriodKind.YEAR: 12}[kind]
    first_month = (period - 1) * months + 1
    last_month = first_month + months - 1
    start = datetime.date(year, first_month, 1)
    end = (
        datetime.date(year, 12, 31)
        if last_month == 12
        else datetime.date(year, last_month + 1, 1) - datetime.timedelta(days=1)
    )
    return start, end


def periods_of(kind: str) -> int:
    return {PeriodKind.QUARTER: 4, PeriodKind.HALF: 2, PeriodKind.YEAR: 1}[kind]


def report_figures(unit, year: int, kind: str, period: int) -> list[dict]:
    """The figures of a unit's report for a period, as ``[{"key": ..., "value": n}]``."""
    start, end = period_days(year, kind, period)
    products = Product.objects.filter(unit_q([unit.path], "origin_unit__", "province__"))
    in_unit = unit_q([unit.path], "product__origin_unit__", "product__province__")
    dossiers = Dossier.objects.filter(in_unit)
    certs = Certificate.objects.filter(in_unit)
    issued = certs.filter(issued_on__range=(start, end)).exclude(
        status_q(CertificateStatus.REVOKED, end)
    )
    stars = dict(
        issued.values("stars").annotate(n=Count("product", distinct=True)).values_list("stars", "n")
    )
    in_force_end = certificates_in_force(end, certs)
    horizon = end + datetime.timedelta(days=EXPIRY_HORIZON_DAYS)
    values = {
        "products_registered": products.filter(
            created_at__date__lte=end, archived_at__isnull=True
        ).count(),
        "products_new": products.filter(created_at__date__range=(start, end)).count(),
        "dossiers_filed": dossiers.filter(submitted_at__date__range=(start, end)).count(),
        "dossiers_forwarded": dossiers.filter(forwarded_at__date__range=(start, end)).count(),
        "recognised_3": stars.get(3, 0),
        "recognised_4": stars.get(4, 0),
        "recognised_5": stars.get(5, 0),
        "recognised_total": certificates_valid_in_force(end, certs).count(),
        "expired": in_force_end.filter(
            status_q(CertificateStatus.EXPIRED, end), expires_on__gte=start
        ).count(),
        "expiring": certificates_valid_in_force(end, certs).filter(expires_on__lte=horizon).count(),
    }
    rows = [{"key": key, "value": values[key]} for key in FIGURE_LABELS]
    for measure in measures.ordered():
        counted = measure.count(year, [unit], end)
        rows.append({"key": MEASURE_PREFIX + measure.key, "value": counted.get(unit.pk, 0)})
    return rows


def figure_label(key: str) -> str:
    if key.startswith(MEASURE_PREFIX):
        measure = measures.MEASURES.get(key.removeprefix(MEASURE_PREFIX))
        label = measure.label if measure else key.removeprefix(MEASURE_PREFIX)
        return gettext("%(measure)s (since the start of the year)") % {"measure": label}
    return str(FIGURE_LABELS.get(key, key))


def labelled(figures: list[dict]) -> list[tuple[str, int]]:
    return [(figure_label(row["key"]), row["value"]) for row in figures]


def reports_to_answer(user) -> QuerySet[UnitReport]:
    """Submitted reports the user answers as the level above (``officers.may_review``)."""
    qs = UnitReport.objects.filter(status=ReportStatus.SUBMITTED)
    if getattr(user, "is_superuser", False):
        return qs
    roles = officer_roles(user, REVIEWER_ROLES)
    q = unit_q([ra.unit.path for ra in roles], "unit__")
    if any(ra.role == Role.CENTRAL_OFFICE for ra in active_roles(user)):
        q |= Q(unit__level=Level.PROVINCE)
    return qs.filter(q).exclude(unit_id__in=[ra.unit_id for ra in roles])
