"""The public catalogue and the pages it leads to: a product, its producer, a unit's products.

Owns no business rules: what is recognised is ``ocop.certificates.catalogue``'s answer, what
is public is the registry's. Every page costs the same number of queries for a page of 3
products or of 24, and carries no per-visitor state (no session, no form token). What does not
change from page to page (the totals of a search, the filter lists, the provinces and product
sets a card names) is computed once per version of the data and day (``cached_for``), so a
catalogue page reads the data version, one page of the index and its photos."""

from __future__ import annotations

import functools
from collections import defaultdict

from django.core.paginator import Paginator
from django.http import Http404, HttpResponse
from django.shortcuts import get_object_or_404, render
from django.template.loader import render_to_string
from django.utils.safestring import mark_safe
from django.utils.translation import get_language
from django.utils.translation import gettext as _

from ocop.certificates import catalogue as certified
from ocop.certificates import selectors as certificate_selectors
from ocop.certificates.public import public_status
from ocop.core.http import public_cached
from ocop.core.search import search_problem
from ocop.core.versions import cached_for, request_version
from ocop.criteria.models import ProductSet
from ocop.geo.display import attach_current
from ocop.geo.models import AdminUnit, Era, Level
from ocop.registry import files as registry_files
from ocop.registry import selectors as registry_selectors
from ocop.registry.models import ProductPhoto

PAGE_SIZE = 24


def _cached(request, parts: tuple, compute):
    """``compute()`` once per version of the public data and day, shared by the workers."""
    return cached_for(request_version(request), parts, compute)


def _reference() -> dict:
    """What the filters offer and the cards name: provinces of both structures (new ones
    first, each knowing its successor), product sets, and the years of recognition."""
    provinces = list(AdminUnit.objects.filter(level=Level.PROVINCE).order_by("-era", "name"))
    attach_current(provinces)
    return {
        "provinces": provinces,
        "province_by_id": {unit.pk: unit for unit in provinces},
        "sets": list(
            ProductSet.objects.filter(criteria_set__effective_to__isnull=True)
            .order_by("number")
            .values_list("number", "name_vi")
            .distinct()
        ),
        "set_names": dict(ProductSet.objects.values_list("pk", "name_vi")),
        "years": certified.recognition_years(),
    }


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
            key = self.unit_key
            self.unit = _cached(
                request, ("unit", key), lambda: AdminUnit.objects.filter(key=key).first()
            )
            self.unknown_unit = self.unit is None

    def key(self) -> tuple:
        """What the set of results depends on (not its order or page)."""
        unit = self.unit.pk if self.unit is not None else None
        return (self.query, self.stars, unit, self.set_number, self.year)

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


class _Counted(Paginator):
    """A paginator told its total (counted once per version of the data)."""

    def __init__(self, object_list, per_page, *, count: int):
        super().__init__(object_list, per_page)
        self._known = count

    @property
    def count(self) -> int:
        return self._known


def _first_photos(product_ids) -> dict[int, int]:
    """The first public photo of each product, in one query."""
    first: dict[int, int] = {}
    rows = (
        ProductPhoto.objects.filter(product_id__in=product_ids, is_public=True)
        .order_by("product_id", "position", "id")
        .values_list("product_id", "pk")
    )
    for product_id, pk in rows:
        first.setdefault(product_id, pk)
    return first


def _page(request, qs, key: tuple, reference: dict):
    """The requested page of catalogue entries, each with its photo, province and set."""
    count = _cached(request, ("catalogue-count", *key), qs.count)
    page = _Counted(qs, PAGE_SIZE, count=count).get_page(request.GET.get("trang"))
    entries = list(page.object_list)
    photos = _first_photos([entry.product_id for entry in entries]) if entries else {}
    by_product = defaultdict(lambda: None, photos)
    for entry in entries:
        entry.photo_id = by_product[entry.product_id]
        entry.province_unit = reference["province_by_id"].get(entry.province_id)
        entry.set_name = reference["set_names"].get(entry.product_set_id, "")
    page.object_list = entries
    return page


def _results(request, filters: Filters, narrow: dict, reference) -> str:
    """The results of this request (count, cards, pager), rendered once per version of the
    data, day, language, filters and page: the same for every visitor."""

    def render_results() -> str:
        page = _page(request, filters.certificates(**narrow), filters.key(), reference())
        context = {
            "page": page,
            "f": filters,
            "params": filters.params(),
            "search_error": filters.search_error,
        }
        return str(render_to_string("portal/_cards.html", context, request))

    parts = (
        "catalogue-results",
        get_language(),
        request.path,
        *sorted(filters.params().items()),
        request.GET.get("trang", ""),
    )
    return mark_safe(_cached(request, parts, render_results))  # noqa: S308 - our own rendering


def _listing(request, template, filters: Filters, **context):
    narrow = context.pop("narrow", {})
    # read from the cache only when the results or the filter form are rendered anew
    reference = functools.cache(lambda: _cached(request, ("catalogue-reference",), _reference))
    results = _results(request, filters, narrow, reference)
    if request.htmx:
        return HttpResponse(results)
    context.update(
        {
            "results": results,
            "f": filters,
            "data_version": request_version(request).key,
            "provinces": lambda: reference()["provinces"],
            "sets": lambda: reference()["sets"],
            "years": lambda: reference()["years"],
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
    page = _page(
        request,
        certified.catalogue(producer=producer, sort="ten"),
        ("producer", producer.pk),
        _cached(request, ("catalogue-reference",), _reference),
    )
    if (
        not page.paginator.count
        and not producer.products.filter(
            pk__in=certificate_selectors.certified_product_ids()
        ).exists()
    ):
        raise Http404(_("No such producer."))
    attach_current([producer.commune, producer.province])
    return render(request, "portal/producer.html", {"producer": producer, "page": page})
