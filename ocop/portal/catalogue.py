"""The public catalogue and the pages it leads to: a product, its producer, a unit's products.

Owns no business rules: what is recognised is ``ocop.certificates.catalogue``'s answer, what
is public is the registry's. Every page costs the same number of queries for a page of 3
products or of 24, and carries no per-visitor state (no session, no form token)."""

from __future__ import annotations

from django.core.paginator import Paginator
from django.http import Http404
from django.shortcuts import get_object_or_404, render
from django.utils.translation import gettext as _

from ocop.certificates import catalogue as certified
from ocop.certificates import selectors as certificate_selectors
from ocop.certificates.public import public_status
from ocop.core.http import public_cached
from ocop.core.search import search_problem
from ocop.criteria.models import ProductSet
from ocop.geo.display import attach_current
from ocop.geo.models import AdminUnit, Era, Level
from ocop.registry import files as registry_files
from ocop.registry import selectors as registry_selectors

PAGE_SIZE = 24


def _provinces():
    """Provinces of both structures, for the unit filter (new ones first)."""
    return (
        AdminUnit.objects.filter(level=Level.PROVINCE)
        .order_by("-era", "name")
        .only("key", "name", "full_name", "era")
    )


def _set_choices():
    """Product-set numbers and names of the criteria sets in force."""
    return (
        ProductSet.objects.filter(criteria_set__effective_to__isnull=True)
        .order_by("number")
        .values_list("number", "name_vi")
        .distinct()
    )


def _number(value: str, allowed=None) -> int | None:
    value = (value or "").strip()
    if not value.isdigit():
        return None
    number = int(value)
    return number if allowed is None or number in allowed else None


class Filters:
    """The catalogue's query string: ``q``, ``sao``, ``don_vi`` (a unit key such as
    ``new:p:01``), ``bo`` (product-set number), ``nam`` (year of recognition), ``sap_xep``."""

    def __init__(self, request, *, unit=None):
        get = request.GET
        self.query = get.get("q", "").strip()
        self.search_error = search_problem(self.query)
        self.stars = _number(get.get("sao", ""), allowed=(3, 4, 5))
        self.set_number = _number(get.get("bo", ""))
        self.year = _number(get.get("nam", ""))
        self.sort = get.get("sap_xep", "") if get.get("sap_xep", "") in certified.SORTS else "sao"
        self.unit_key = "" if unit is not None else get.get("don_vi", "").strip()
        self.unit = unit
        self.unknown_unit = False
        if self.unit_key:
            self.unit = AdminUnit.objects.filter(key=self.unit_key).first()
            self.unknown_unit = self.unit is None

    def certificates(self, **extra):
        qs = certified.catalogue(
            query="" if self.search_error else self.query,
            stars=self.stars,
            unit=self.unit,
            set_number=self.set_number,
            year=self.year,
            sort=self.sort,
            **extra,
        )
        return qs.none() if self.search_error or self.unknown_unit else qs

    def params(self) -> dict:
        """The filters as query-string values, for the pager's links."""
        values = {
            "q": self.query,
            "sao": self.stars or "",
            "don_vi": self.unit_key,
            "bo": self.set_number or "",
            "nam": self.year or "",
            "sap_xep": "" if self.sort == "sao" else self.sort,
        }
        return {key: value for key, value in values.items() if value}


def _page(request, qs):
    page = Paginator(qs, PAGE_SIZE).get_page(request.GET.get("trang"))
    attach_current([cert.product.province for cert in page])
    return page


def _listing(request, template, filters: Filters, **context):
    page = _page(request, filters.certificates(**context.pop("narrow", {})))
    context.update(
        {
            "page": page,
            "f": filters,
            "params": filters.params(),
            "search_error": filters.search_error,
        }
    )
    if request.htmx:
        return render(request, "portal/_cards.html", context)
    context.update(
        {
            "provinces": _provinces(),
            "sets": _set_choices(),
            "years": certified.recognition_years(),
            "star_choices": (3, 4, 5),
        }
    )
    return render(request, template, context)


@public_cached
def catalogue(request):
    return _listing(request, "portal/catalogue.html", Filters(request))


@public_cached
def unit_products(request, era, code):
    """The products of a commune, district or province (either structure)."""
    if era not in Era.values:
        raise Http404
    unit = get_object_or_404(AdminUnit, era=era, code=code)
    attach_current([unit])
    return _listing(request, "portal/unit.html", Filters(request, unit=unit), unit=unit)


def _certified():
    """Products with a certificate: their page stays, and says whether it is still valid."""
    return registry_selectors.public_products().filter(
        pk__in=certificate_selectors.certified_product_ids()
    )


@public_cached
def product_detail(request, code):
    product = get_object_or_404(_certified(), public_code=code)
    certificate = certificate_selectors.certificate_in_force(product)
    attach_current([product.origin_unit, product.province])
    return render(
        request,
        "portal/product.html",
        {
            "product": product,
            "photos": product.photos.filter(is_public=True),
            "outlets": product.outlets.filter(is_hidden=False),
            "certificate": certificate,
            "certificate_status": public_status(certificate) if certificate else None,
            "producer": product.producer,
        },
    )


def product_photo(request, code, photo):
    """A public photo of a certified product; every other upload stays private."""
    product = get_object_or_404(_certified(), public_code=code)
    item = get_object_or_404(product.photos.filter(is_public=True), pk=photo)
    return registry_files.stream_image(item)


@public_cached
def producer_detail(request, code):
    """A producer's public page: its recognised products, and its contact when it agreed."""
    producer = get_object_or_404(registry_selectors.public_producers(), public_code=code)
    page = _page(request, certified.catalogue(producer=producer, sort="ten"))
    if (
        not page.paginator.count
        and not producer.products.filter(
            pk__in=certificate_selectors.certified_product_ids()
        ).exists()
    ):
        raise Http404(_("No such producer."))
    attach_current([producer.commune, producer.province])
    return render(request, "portal/producer.html", {"producer": producer, "page": page})
