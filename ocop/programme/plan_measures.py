"""The measures the plans count (see ``ocop.programme.measures``), read from what the registry,
the rounds and the certificates already know; nothing is keyed in twice.

- ``new_products``: products first recognised in the year: their first certificate ever (by
  day of issue) belongs to a recognition decision of that year. Every certificate carries three
  stars or more, so this is "brought to three stars or more". The year is the decision's, as in
  ``ocop report summary``.
- ``upgrades``: products holding a certificate of a decision of the year that follows an earlier
  certificate (``previous``) with fewer stars (nâng hạng).
- ``four_five_star``: four- and five-star candidates: products with a final council result of
  four or five stars in a round of the year (decision 0081).
- ``new_producers``: producers registered in the system in the year.

Each counts what happened up to and including the day ``on``.
"""

from __future__ import annotations

import datetime

from django.db.models import Exists, F, OuterRef, Q
from django.utils.translation import gettext_lazy as _

from ocop.certificates.models import Certificate
from ocop.evaluation.models import Result
from ocop.programme.counting import count_by_place
from ocop.programme.measures import Measure, register
from ocop.registry.models import Producer

NEW_PRODUCTS = "new_products"
UPGRADES = "upgrades"
FOUR_FIVE_STAR = "four_five_star"
NEW_PRODUCERS = "new_producers"


def first_recognitions(year: int, on: datetime.date):
    """Certificates of ``year``'s decisions issued by ``on`` that are their product's first."""
    earlier = Certificate.objects.filter(product_id=OuterRef("product_id")).filter(
        Q(issued_on__lt=OuterRef("issued_on"))
        | Q(issued_on=OuterRef("issued_on"), pk__lt=OuterRef("pk"))
    )
    return Certificate.objects.filter(decision__year=year, issued_on__lte=on, stars__gte=3).filter(
        ~Exists(earlier)
    )


def _products(qs, units):
    return count_by_place(
        qs,
        units,
        place="product__origin_unit",
        fallback="product__province",
        distinct="product_id",
    )


def count_new_products(year, units, on):
    return _products(first_recognitions(year, on), units)


def count_upgrades(year, units, on):
    qs = Certificate.objects.filter(
        decision__year=year, issued_on__lte=on, previous__isnull=False
    ).filter(stars__gt=F("previous__stars"))
    return _products(qs, units)


def count_four_five_star(year, units, on):
    qs = Result.objects.filter(
        final=True,
        stars__gte=4,
        enrolment__round__year=year,
        finalised_at__date__lte=on,
    )
    return count_by_place(
        qs,
        units,
        place="enrolment__product__origin_unit",
        fallback="enrolment__product__province",
        distinct="enrolment__product_id",
    )


def count_new_producers(year, units, on):
    qs = Producer.objects.filter(created_at__year=year, created_at__date__lte=on)
    return count_by_place(qs, units, place="commune", fallback="province", distinct="pk")


register(Measure(NEW_PRODUCTS, _("New products at three stars or more"), count_new_products, 10))
register(Measure(UPGRADES, _("Products upgraded"), count_upgrades, 20))
register(Measure(FOUR_FIVE_STAR, _("Four- and five-star candidates"), count_four_five_star, 30))
register(Measure(NEW_PRODUCERS, _("New producers"), count_new_producers, 40))
