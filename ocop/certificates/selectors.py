"""Who may see which decisions and certificates, and the public verification read."""

from __future__ import annotations

import datetime

from django.conf import settings
from django.db.models import Exists, OuterRef, Q, QuerySet
from django.utils import timezone

from ocop.accounts import permissions as perms
from ocop.accounts.scope import scope_for, unit_q
from ocop.certificates.models import (
    Certificate,
    CertificateStatus,
    DecisionLevel,
    RecognitionDecision,
)
from ocop.certificates.status import NOT_GENUINE, status_q
from ocop.core.search import search_terms
from ocop.evaluation.models import EnrolmentStatus, Result
from ocop.evaluation.selectors import rounds_managed_by
from ocop.evaluation.services.rounds import district_level_last_day
from ocop.geo.models import AdminUnit
from ocop.geo.selectors import valid_on
from ocop.registry.selectors import products_visible_to


def certificates_visible_to(user) -> QuerySet[Certificate]:
    """Certificates of the products the user may see (a producer: its own products)."""
    return Certificate.objects.select_related(
        "product", "product__producer", "decision", "producer"
    ).filter(product__in=products_visible_to(user).values("pk"))


def decisions_visible_to(user) -> QuerySet[RecognitionDecision]:
    """Decisions issued by a unit in scope, or carrying a visible certificate."""
    qs = RecognitionDecision.objects.select_related("unit", "round")
    if not getattr(user, "is_authenticated", False):
        return qs.none()
    scope = scope_for(user)
    if scope.everything:
        return qs
    q = unit_q(scope.unit_paths, "unit__") | Q(
        pk__in=certificates_visible_to(user).values("decision_id")
    )
    return qs.filter(q)


def certificates_in_force(
    day: datetime.date | None = None, qs: QuerySet[Certificate] | None = None
) -> QuerySet[Certificate]:
    """For each product, the certificate in force on ``day``: its latest certificate issued on
    or before that day (latest issue date, then latest record). Whether that certificate is
    valid, expired or revoked is ``status_on``'s answer; a product has none before its first.

    ``qs`` narrows the candidates (a scope, a unit); the latest is taken among all of the
    product's certificates, so a narrowed list never promotes an older one.
    """
    day = day or timezone.localdate()
    issued = Certificate.objects.filter(issued_on__lte=day)
    later = issued.filter(product_id=OuterRef("product_id")).filter(
        Q(issued_on__gt=OuterRef("issued_on"))
        | Q(issued_on=OuterRef("issued_on"), pk__gt=OuterRef("pk"))
    )
    base = qs if qs is not None else Certificate.objects.all()
    return base.filter(issued_on__lte=day).filter(~Exists(later))


def certificate_in_force(product, day: datetime.date | None = None) -> Certificate | None:
    """The product's certificate in force on ``day`` (see ``certificates_in_force``)."""
    day = day or timezone.localdate()
    return (
        Certificate.objects.filter(product=product, issued_on__lte=day)
        .order_by("-issued_on", "-pk")
        .first()
    )


def certificates_valid_in_force(
    day: datetime.date | None = None, qs: QuerySet[Certificate] | None = None
) -> QuerySet[Certificate]:
    """The certificates in force on ``day`` that are valid that day: what makes a product
    recognised (home page, statistics, catalogue, re-evaluation queue)."""
    day = day or timezone.localdate()
    return certificates_in_force(day, qs).filter(status_q(CertificateStatus.VALID, day))


def public_certificate(code: str) -> Certificate | None:
    """A certificate by its printed code, for anyone (the code is on paper and in the QR)."""
    normalised = code.strip().upper()
    return (
        Certificate.objects.select_related(
            "product", "product__producer", "product__province", "decision", "decision__unit"
        )
        .filter(code=normalised)
        .first()
    )


def certificates_to_label(user, producer) -> QuerySet[Certificate]:
    """The producer's certificates valid and in force today that ``user`` may see: the labels
    worth printing (never an expired, revoked or superseded one)."""
    qs = certificates_visible_to(user).filter(product__producer=producer)
    return certificates_valid_in_force(qs=qs).order_by("product__name", "code")


STATUS_CSS = {
    NOT_GENUINE: "revoked",
    CertificateStatus.VALID: "valid",
    CertificateStatus.EXPIRED: "expired",
    CertificateStatus.REVOKED: "revoked",
    CertificateStatus.SUPERSEDED: "expired",
}


def recognised_product_ids(day: datetime.date | None = None):
    """Ids of the products recognised on ``day``: their certificate in force is valid."""
    return certificates_valid_in_force(day).values("product_id")


def certified_product_ids():
    """Ids of the products that hold or held a certificate."""
    return Certificate.objects.values("product_id")


# --------------------------------------------------------------------------- work queues


def results_awaiting_decision(user) -> QuerySet[Result]:
    """Final, recognisable results without a certificate, proposed in rounds the user manages:
    what a recognition decision may take."""
    if not perms.has_capability(user, perms.ISSUE_CERTIFICATE) or not perms.has_capability(
        user, perms.MANAGE_ROUNDS
    ):
        return Result.objects.none()
    return (
        Result.objects.filter(
            final=True,
            recognisable=True,
            certificate__isnull=True,
            enrolment__status=EnrolmentStatus.PROPOSED,
            enrolment__round__in=rounds_managed_by(user).values("pk"),
        )
        .select_related("enrolment__product", "enrolment__round")
        .order_by("enrolment__round_id", "enrolment__product__name")
    )


def certificates_in_reevaluation_window(
    user, day: datetime.date | None = None
) -> QuerySet[Certificate]:
    """Visible certificates in force and valid whose re-evaluation window is open on ``day``."""
    day = day or timezone.localdate()
    rules = settings.OCOP_RULES
    first = day + datetime.timedelta(days=int(rules["REEVALUATION_WINDOW_CLOSES_DAYS"]))
    last = day + datetime.timedelta(days=int(rules["REEVALUATION_WINDOW_OPENS_DAYS"]))
    visible = certificates_visible_to(user)
    return certificates_valid_in_force(day, visible).filter(expires_on__range=(first, last))


def decision_levels_on(day: datetime.date) -> list[str]:
    """Decision levels in force on ``day`` (no district level after it was abolished)."""
    levels = [DecisionLevel.PROVINCE, DecisionLevel.CENTRAL]
    return ([DecisionLevel.DISTRICT] if day <= district_level_last_day() else []) + levels


def issuing_units(user, day: datetime.date) -> QuerySet[AdminUnit]:
    """Units that may issue a decision on ``day`` for ``user``: in force that day, of a level in
    force, and inside the user's scope."""
    levels = [lvl for lvl in decision_levels_on(day) if lvl != DecisionLevel.CENTRAL]
    units = AdminUnit.objects.filter(valid_on(day), level__in=levels)
    scope = scope_for(user)
    if not scope.everything:
        units = units.filter(unit_q(scope.unit_paths, ""))
    return units.order_by("level", "name")


def certificates_matching(qs: QuerySet[Certificate], query: str) -> QuerySet[Certificate]:
    """Certificates whose code, product or producer holds every word of ``query`` (diacritics
    and case ignored). The caller has checked the text against ``ocop.core.search``'s limits."""
    for word in search_terms(query):
        qs = qs.filter(
            Q(code__icontains=word)
            | Q(product__name_folded__contains=word)
            | Q(product__producer__name_folded__contains=word)
        )
    return qs
