"""Statistics (thống kê) of the programme, computed by the database with GROUP BY.

A *selection* narrows the certificates: a unit (province, district or commune; an old
province also covers nothing of the new tree, a 2025 province covers its former provinces
through ``current_path``), a decision year, a decision number, a day on which the
certificates must be valid, and the scope of the user asking. Recognised products are counted
once each, at their latest certificate within the selection.
"""

from __future__ import annotations

import datetime
from dataclasses import dataclass

from django.db.models import Avg, Count, Exists, F, OuterRef, Q, QuerySet
from django.db.models.functions import Substr
from django.utils import timezone
from django.utils.translation import gettext as _

from ocop.accounts.scope import scope_for, unit_q
from ocop.certificates.models import Certificate
from ocop.certificates.selectors import certificates_valid_in_force
from ocop.certificates.status import CertificateStatus, status_q
from ocop.core.exceptions import DomainError
from ocop.core.text import vi_display
from ocop.evaluation.models import Result
from ocop.geo.models import AdminUnit, Era, Level
from ocop.registry.models import Dossier
from ocop.registry.selectors import products_visible_to
from ocop.reports.units import UnitIndex

STARS = (3, 4, 5)
# a certificate that follows an earlier one with fewer stars (nâng hạng)
UPGRADE = Q(previous__isnull=False, stars__gt=F("previous__stars"))
EXPIRY_WARNING_DAYS = 180


@dataclass(frozen=True)
class Selection:
    unit: AdminUnit | None = None
    year: int | None = None
    decision: str | None = None
    on: datetime.date | None = None
    user: object = None  # None: every record (public figures, the command line)


def province_resolve(text: str, *, year: int | None = None, on=None) -> AdminUnit | None:
    """A province by name or code at ``on``, else at 1 July of ``year``, else today.

    Without a date a former province (Hòa Bình) is still found, at the last day of the old
    structure.
    """
    index = UnitIndex()
    if on or year:
        return index.province(text, on=on or datetime.date(year, 7, 1))
    today = timezone.localdate()
    return index.province(text, on=today) or index.province(text, on=datetime.date(2025, 6, 30))


def unit_filter(unit: AdminUnit, prefix: str = "product__") -> Q:
    if unit.level == Level.PROVINCE:
        return unit_q([unit.path], f"{prefix}province__")
    return unit_q([unit.path], f"{prefix}origin_unit__")


def certificates_selected(sel: Selection) -> QuerySet[Certificate]:
    """Every certificate in the selection (a product may appear more than once)."""
    qs = Certificate.objects.all()
    if sel.user is not None and not scope_for(sel.user).everything:
        qs = qs.filter(product__in=products_visible_to(sel.user).values("pk"))
    if sel.unit is not None:
        qs = qs.filter(unit_filter(sel.unit))
    if sel.year:
        qs = qs.filter(decision__year=sel.year)
    if sel.decision:
        qs = qs.filter(decision__number=sel.decision)
    if sel.on:
        qs = qs.filter(issued_on__lte=sel.on).filter(status_q(CertificateStatus.VALID, sel.on))
    return qs


def latest_certificates(sel: Selection) -> QuerySet[Certificate]:
    """One certificate per product: its latest within the selection."""
    base = certificates_selected(sel)
    later = (
        certificates_selected(sel)
        .filter(product_id=OuterRef("product_id"))
        .filter(
            Q(issued_on__gt=OuterRef("issued_on"))
            | Q(issued_on=OuterRef("issued_on"), pk__gt=OuterRef("pk"))
        )
    )
    return base.filter(~Exists(later))


def _counts(*, latest: bool = True) -> dict:
    """Products, producers and stars. Over latest certificates a product appears once."""
    counts = {
        "products": Count("product_id", distinct=not latest),
        "producers": Count("product__producer_id", distinct=True),
    }
    counts.update({f"s{n}": Count("pk", filter=Q(stars=n)) for n in STARS})
    return counts


def recognised_today(*, unit: AdminUnit | None = None, day: datetime.date | None = None) -> dict:
    """Products recognised on ``day`` (today), by the one rule of ``recognised_product_ids``:
    the certificate in force for the product is valid. The home page and the statistics page
    both show these figures."""
    qs = certificates_valid_in_force(day)
    if unit is not None:
        qs = qs.filter(unit_filter(unit))
    return qs.aggregate(**_counts())


def _shape(row: dict) -> dict:
    out = {k: v for k, v in row.items() if not (k[0] == "s" and k[1:].isdigit())}
    out["by_stars"] = {str(n): row.get(f"s{n}", 0) or 0 for n in STARS}
    return out


def summary(province=None, year=None, decision=None, on=None, *, unit=None, user=None) -> dict:
    """Recognised products and producers of a selection, with stars, upgrades and expiries.

    ``province`` is a unit or a name/code resolved at ``on`` or the year. A product counts once,
    at its latest certificate in the selection; products without a producer count no producer.
    """
    if isinstance(province, str):
        province = province_or_error(province, year=year, on=on)
    sel = Selection(unit=unit or province, year=year, decision=decision, on=on, user=user)
    day = on or timezone.localdate()
    soon = day + datetime.timedelta(days=EXPIRY_WARNING_DAYS)
    valid = status_q(CertificateStatus.VALID, day)
    out = _shape(
        latest_certificates(sel).aggregate(
            **_counts(),
            expired=Count("pk", filter=status_q(CertificateStatus.EXPIRED, day)),
            expiring=Count("pk", filter=valid & Q(expires_on__lte=soon)),
        )
    )
    out.update(
        certificates_selected(sel).aggregate(
            certificates=Count("pk"),
            upgrades=Count("pk", filter=UPGRADE),
            revoked=Count("pk", filter=Q(revoked=True)),
        )
    )
    out["selection"] = {
        "province": province.full_name if province is not None else None,
        "province_code": province.code if province is not None else None,
        "year": year,
        "decision": decision,
        "on": on.isoformat() if on else None,
    }
    return out


def province_or_error(text: str, *, year=None, on=None) -> AdminUnit:
    """``province_resolve`` or a ``DomainError`` naming the text."""
    unit = province_resolve(text, year=year, on=on)
    if unit is None:
        raise DomainError(
            _("The province “%(value)s” is not known at that date.") % {"value": text},
            field="province",
        )
    return unit


# --- breakdowns --------------------------------------------------------------------------

GROUPINGS = {
    "stars": ("stars",),
    "product_set": ("product__product_set__number", "product__product_set__name_vi"),
    "product_group": ("product__product_group_label",),
    "producer_type": ("product__producer__legal_form",),
}


def breakdown(sel: Selection, by: str) -> list[dict]:
    """Recognised products per value of ``by`` (latest certificate of each product)."""
    if by in ("year", "round"):
        return _by_decision(sel, by)
    fields = GROUPINGS[by]
    rows = latest_certificates(sel).values(*fields).annotate(**_counts()).order_by(*fields)
    return [_shape(r) for r in rows]


def _by_decision(sel: Selection, by: str) -> list[dict]:
    """Per year (or year and round): products recognised by that year's decisions."""
    fields = ("decision__year",)
    if by == "round":  # imported decisions record the round as text, evaluated ones link it
        fields += ("decision__round__number", "decision__round_label")
    rows = (
        certificates_selected(sel)
        .values(*fields)
        .annotate(**_counts(latest=False), upgrades=Count("pk", filter=UPGRADE))
    )
    return [_shape(r) for r in rows.order_by(*fields)]


def by_unit(sel: Selection, *, era: str = Era.NEW, parent: AdminUnit | None = None) -> list[dict]:
    """Recognised products per child unit of ``parent`` (per province when None).

    In the old tree a product counts under the unit it was recorded in; in the new tree under
    the 2025 unit that now covers it (``current_path``), so 2021 records roll up into 2025
    provinces and communes.
    """
    own = "path" if era == Era.OLD else "current_path"
    if parent is None:
        children = list(AdminUnit.objects.filter(era=era, level=Level.PROVINCE).order_by("path"))
        field = f"product__province__{own}"
        root = f"/{era}/"
    else:
        children = list(parent.children.order_by("path"))
        field = f"product__origin_unit__{own}"
        root = parent.path
    by_path = {c.path: c for c in children}
    latest = latest_certificates(sel).filter(**{f"{field}__startswith": root})
    found: dict[str, dict] = {}
    for length in sorted({len(p) for p in by_path}):
        rows = (
            latest.annotate(prefix=Substr(field, 1, length))
            .values("prefix")
            .annotate(**_counts())
            .order_by("prefix")
        )
        for row in rows:
            if row["prefix"] in by_path:
                found[row["prefix"]] = _shape(row)
    out = []
    for path, unit in by_path.items():
        if path in found:
            out.append({"unit": unit, **found[path]})
    return out


def map_points(sel: Selection, *, level: str = Level.PROVINCE) -> list[dict]:
    """Recognised products per unit that has a centroid, for the map."""
    prefix = "product__province__" if level == Level.PROVINCE else "product__origin_unit__"
    rows = (
        latest_certificates(sel)
        .filter(**{f"{prefix}latitude__isnull": False, f"{prefix}longitude__isnull": False})
        .values(f"{prefix}name", f"{prefix}latitude", f"{prefix}longitude")
        .annotate(products=Count("product_id", distinct=True))
        .order_by(f"{prefix}name")
    )
    return [
        {
            "name": r[f"{prefix}name"],
            "lat": float(r[f"{prefix}latitude"]),
            "lon": float(r[f"{prefix}longitude"]),
            "products": r["products"],
        }
        for r in rows
    ]


def pipeline(sel: Selection) -> dict:
    """Registered (a dossier submitted), evaluated (a council result) and recognised counts."""
    dossiers = Dossier.objects.filter(submitted_at__isnull=False)
    if sel.user is not None and not scope_for(sel.user).everything:
        dossiers = dossiers.filter(product__in=products_visible_to(sel.user).values("pk"))
    if sel.unit is not None:
        dossiers = dossiers.filter(unit_filter(sel.unit))
    if sel.year:
        dossiers = dossiers.filter(submitted_at__year=sel.year)
    results = results_selected(sel)
    registered = dossiers.aggregate(
        products=Count("product_id", distinct=True),
        producers=Count("product__producer_id", distinct=True),
    )
    evaluated = results.aggregate(
        products=Count("enrolment__product_id", distinct=True),
        producers=Count("enrolment__product__producer_id", distinct=True),
    )
    recognised = latest_certificates(sel).aggregate(
        products=Count("product_id", distinct=True),
        producers=Count("product__producer_id", distinct=True),
    )
    return {"registered": registered, "evaluated": evaluated, "recognised": recognised}


def results_selected(sel: Selection) -> QuerySet[Result]:
    """Council results (kết quả đánh giá) of the selection's products and year."""
    results = Result.objects.all()
    if sel.user is not None and not scope_for(sel.user).everything:
        results = results.filter(enrolment__product__in=products_visible_to(sel.user).values("pk"))
    if sel.unit is not None:
        results = results.filter(unit_filter(sel.unit, "enrolment__product__"))
    if sel.year:
        results = results.filter(enrolment__round__year=sel.year)
    return results


def score_summary(sel: Selection) -> list[dict]:
    """Per evaluation round: products scored, mean total and how many reached each star."""
    results = results_selected(sel)
    fields = ("enrolment__round__year", "enrolment__round__number", "enrolment__round__title")
    rows = results.values(*fields).annotate(
        products=Count("enrolment__product_id", distinct=True),
        mean=Avg("total"),
        **{f"s{n}": Count("pk", filter=Q(stars=n)) for n in (1, 2, *STARS)},
    )
    return list(rows.order_by(*fields))


def province_areas(era: str, *, within: AdminUnit | None = None) -> dict[str, list[tuple]]:
    """The centre points (lon, lat) of the communes of each province of ``era`` (only the
    province holding ``within`` when given): what the map draws province outlines from."""
    communes = AdminUnit.objects.filter(
        era=era, level=Level.COMMUNE, latitude__isnull=False, longitude__isnull=False
    )
    provinces = AdminUnit.objects.filter(era=era, level=Level.PROVINCE)
    if within is not None:
        top = (within.path if within.era == era else within.current_path)[: len(f"/{era}/00/")]
        communes = communes.filter(path__startswith=top)
        provinces = provinces.filter(path=top)
    names = dict(provinces.values_list("path", "name"))
    areas: dict[str, list[tuple]] = {}
    for path, lat, lon in communes.values_list("path", "latitude", "longitude").iterator():
        name = names.get(path[: len(f"/{era}/00/")])
        if name:
            areas.setdefault(vi_display(name), []).append((float(lon), float(lat)))
    return areas
