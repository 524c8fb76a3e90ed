"""Recognition decisions (quyết định công nhận), certificates, revocation (thu hồi) and expiry.

- Only final, recognisable results of 3 stars or more get a decision and a certificate.
- Who decides: central level (ministry) for 5 stars, province for 3 and 4 stars (district for
  3 stars until the district level ended on ``DISTRICT_LEVEL_LAST_DAY``).
- A certificate is valid ``CERTIFICATE_VALIDITY_MONTHS`` (36) months from its issue date;
  an upgrade or re-evaluation certificate supersedes the previous one.
- Re-evaluation dossiers are filed between ``REEVALUATION_WINDOW_OPENS_DAYS`` (180) and
  ``REEVALUATION_WINDOW_CLOSES_DAYS`` (120) days before expiry.
"""

from __future__ import annotations

import datetime

from django.conf import settings
from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from ocop.accounts import permissions as perms
from ocop.accounts.scope import active_roles, covers, unit_under
from ocop.certificates import keyring, selectors, signing
from ocop.certificates.catalogue_index import catalogue_refresh
from ocop.certificates.facts import row_agrees
from ocop.certificates.models import (
    Certificate,
    DecisionLevel,
    RecognitionDecision,
    RevocationGround,
    unused_certificate_code,
)
from ocop.certificates.reevaluation import (  # noqa: F401 - re-exported
    reevaluated_certificate,
    reevaluation_filing_check,
    reevaluation_window,
)
from ocop.certificates.status import CertificateStatus, product_status_for, status_q
from ocop.core.audit import audit_log, snapshot
from ocop.core.dates import add_months
from ocop.core.exceptions import DomainError, PermissionDeniedError, TransitionError
from ocop.evaluation.models import EnrolmentStatus, Result
from ocop.evaluation.services import rounds as evaluation_rounds
from ocop.registry import services as registry_services
from ocop.registry.models import DossierStatus, Product, ProductStatus

RECOGNISED_MIN_STARS = 3


def rule(name: str):
    return settings.OCOP_RULES[name]


# --------------------------------------------------------------------------- dates


def expiry_for(issued_on: datetime.date) -> datetime.date:
    """Last day of validity: 36 months after the issue date (same day of the month)."""
    return add_months(issued_on, int(rule("CERTIFICATE_VALIDITY_MONTHS")))


# --------------------------------------------------------------------------- authority


def levels_for_stars(stars: int, on: datetime.date) -> set[str]:
    """Decision levels that may recognise ``stars`` on day ``on``."""
    if stars >= 5:
        return {DecisionLevel.CENTRAL}
    levels = {DecisionLevel.PROVINCE}
    if stars == 3 and on <= evaluation_rounds.district_level_last_day():
        levels.add(DecisionLevel.DISTRICT)
    return levels


def holds_capability_at(user, capability: str, *, level: str, unit=None) -> bool:
    """Whether ``user`` holds ``capability`` through a role at ``level``: a role without a unit
    (central office) for the central level, a role on ``unit`` or above it otherwise."""
    if not getattr(user, "is_authenticated", False):
        return False
    if user.is_superuser:
        return True
    for ra in active_roles(user):
        if capability not in perms.CAPABILITIES.get(ra.role, ()):
            continue
        if level == DecisionLevel.CENTRAL:
            if ra.unit_id is None:
                return True
        elif unit is not None and covers(ra, unit):
            return True
    return False


def _star_authority_unit(product: Product):
    return product.province


# --------------------------------------------------------------------------- decisions


@transaction.atomic
def decision_issue(
    *,
    actor,
    number: str,
    date: datetime.date,
    signer: str,
    level: str,
    unit=None,
    round=None,  # noqa: A002 - the programme's word
    results,
    signer_title: str = "",
) -> RecognitionDecision:
    """Issue a recognition decision and one certificate per result. All or nothing."""
    if level not in DecisionLevel.values:
        raise DomainError(_("Unknown decision level."), field="level")
    if not number.strip():
        raise DomainError(_("Give the decision number."), field="number")
    if not signer.strip():
        raise DomainError(_("Give the name of the signer."), field="signer")
    if level == DecisionLevel.CENTRAL:
        unit = None
    elif unit is None or unit.level != level:
        raise DomainError(
            _("A %(level)s decision is issued by a unit of that level.")
            % {"level": DecisionLevel(level).label},
            field="unit",
        )
    if unit is not None and not unit.is_valid_on(date):
        raise DomainError(
            _(
                "%(unit)s was not in force on %(day)s; choose the unit in force on the decision date."
            )
            % {"unit": unit, "day": date.strftime("%d/%m/%Y")},
            field="unit",
        )
    if not holds_capability_at(actor, perms.ISSUE_CERTIFICATE, level=level, unit=unit):
        raise PermissionDeniedError(_("You may not issue recognition decisions at this level."))
    results = list(
        Result.objects.select_for_update(of=("self",))
        .filter(pk__in=[r.pk for r in results])
        .select_related("enrolment__product__producer", "enrolment__round", "enrolment__dossier")
        .order_by("pk")
    )
    if not results:
        raise DomainError(_("Choose at least one proposed product."), field="results")
    for result in results:
        _check_result(result, level=level, unit=unit, date=date)
    if RecognitionDecision.objects.filter(
        number=number.strip(), year=date.year, unit=unit
    ).exists():
        raise DomainError(
            _("Decision %(number)s of %(year)s already exists.")
            % {"number": number, "year": date.year},
            field="number",
        )
    decision = RecognitionDecision.objects.create(
        number=number.strip(),
        decided_on=date,
        year=date.year,
        signer=signer.strip(),
        signer_title=signer_title.strip(),
        level=level,
        unit=unit,
        round=round,
        criteria_set=results[0].criteria_set,
    )
    audit_log(
        actor=actor, action="certificates.decision.issued", obj=decision, new=snapshot(decision)
    )
    for result in results:
        certificate_issue(actor=actor, decision=decision, result=result)
    return decision


def _check_result(result: Result, *, level: str, unit, date: datetime.date) -> None:
    product = result.enrolment.product
    if not result.final:
        raise DomainError(
            _("The result of %(product)s is not final.") % {"product": product}, field="results"
        )
    if result.stars < RECOGNISED_MIN_STARS or not result.recognisable:
        raise DomainError(
            _("%(product)s ranks %(stars)s stars: only 3 stars and more are recognised.")
            % {"product": product, "stars": result.stars},
            field="results",
        )
    if Certificate.objects.filter(result=result).exists():
        raise DomainError(
            _("%(product)s already has a certificate for this result.") % {"product": product},
            field="results",
        )
    if level not in levels_for_stars(result.stars, date):
        raise DomainError(
            _("%(stars)s stars for %(product)s are not recognised at the %(level)s level.")
            % {
                "stars": result.stars,
                "product": product,
                "level": DecisionLevel(level).label,
            },
            field="results",
        )
    if unit is not None:
        units = [u for u in (product.origin_unit, product.province) if u is not None]
        inside = any(unit_under(u, unit.path) or unit_under(u, unit.current_path) for u in units)
        if not inside:
            raise DomainError(
                _("%(product)s lies outside %(unit)s.") % {"product": product, "unit": unit},
                field="results",
            )


def product_follow(*, actor, product: Product, day: datetime.date | None = None, note: str = ""):
    """The product takes the status and stars of its certificate in force (the one rule:
    ``ocop.certificates.status``). Every road that changes a certificate ends here.

    Without ``day`` the record is taken as it stands: the latest certificate, on today or on
    its issue date when the decision is dated ahead.
    """
    # the catalogue's index follows the certificates, whatever wrote them (decision 0069)
    catalogue_refresh(product_ids=[product.pk])
    if day is None:
        certificate = selectors.certificate_in_force(product, datetime.date.max)
        day = max(timezone.localdate(), certificate.issued_on) if certificate else None
    else:
        certificate = selectors.certificate_in_force(product, day)
    status = product_status_for(certificate, day) if certificate else None
    if status is None:
        return False
    return registry_services.product_follow_certificate(
        actor=actor, product=product, status=status, stars=certificate.stars, note=note
    )


@transaction.atomic
def certificate_issue(*, actor, decision: RecognitionDecision, result: Result) -> Certificate:
    """One certificate for one product of a decision; supersedes the product's previous one."""
    enrolment = result.enrolment
    product = Product.objects.select_for_update(of=("self",)).get(pk=enrolment.product_id)
    issued_on = decision.decided_on or timezone.localdate()
    previous = reevaluated_certificate(enrolment.dossier) or selectors.certificate_in_force(
        product, issued_on
    )
    if previous is not None and previous.status_on(issued_on) == CertificateStatus.REVOKED:
        previous = None
    certificate = Certificate(
        code=unused_certificate_code(),
        product=product,
        producer=product.producer,
        decision=decision,
        result=result,
        kind=enrolment.kind,
        stars=result.stars,
        score=result.total,
        issued_on=issued_on,
        expires_on=expiry_for(issued_on),
        previous=previous,
    )
    certificate.save()
    signing.seal(certificate)
    if previous is not None and not previous.superseded:
        Certificate.objects.filter(pk=previous.pk).update(superseded=True, superseded_on=issued_on)
        audit_log(
            actor=actor,
            action="certificates.certificate.superseded",
            obj=previous,
            old={"superseded": False},
            new={
                "superseded": True,
                "superseded_on": issued_on.isoformat(),
                "by": certificate.code,
            },
        )
    # an upgrade or re-evaluation keeps a recognised product recognised, with its new stars
    product_follow(actor=actor, product=product)
    evaluation_rounds.enrolment_move(actor=actor, enrolment=enrolment, to=EnrolmentStatus.DECIDED)
    dossier = enrolment.dossier
    if dossier.status == DossierStatus.IN_EVALUATION:
        registry_services.dossier_move(actor=actor, dossier=dossier, to=DossierStatus.CLOSED)
    audit_log(
        actor=actor,
        action="certificates.certificate.issued",
        obj=certificate,
        new=snapshot(certificate),
    )
    return certificate


# --------------------------------------------------------------------------- revocation


def revocation_level(certificate: Certificate) -> str:
    return DecisionLevel.CENTRAL if certificate.stars >= 5 else DecisionLevel.PROVINCE


def can_revoke(user, certificate: Certificate) -> bool:
    level = revocation_level(certificate)
    unit = None if level == DecisionLevel.CENTRAL else _star_authority_unit(certificate.product)
    return holds_capability_at(user, perms.REVOKE_CERTIFICATE, level=level, unit=unit)


@transaction.atomic
def certificate_revoke(
    *,
    actor,
    certificate: Certificate,
    ground: str,
    authority: str,
    decision_no: str,
    revoked_on: datetime.date | None = None,
) -> Certificate:
    """Revoke on one of the six grounds, by the authority for the star level (province for 3
    and 4 stars, central for 5)."""
    certificate = (
        Certificate.objects.select_for_update(of=("self",))
        .select_related("product__province")
        .get(pk=certificate.pk)
    )
    if not can_revoke(actor, certificate):
        if revocation_level(certificate) == DecisionLevel.CENTRAL:
            message = _("A 5-star certificate is revoked by the central authority only.")
        else:
            message = _("A 3- or 4-star certificate is revoked by its province only.")
        raise PermissionDeniedError(message)
    if ground not in RevocationGround.values:
        raise DomainError(_("Choose one of the grounds for revocation."), field="ground")
    if not authority.strip():
        raise DomainError(_("Name the authority that revokes."), field="authority")
    if not decision_no.strip():
        raise DomainError(_("Give the number of the revocation decision."), field="decision_no")
    if certificate.revoked:
        raise TransitionError(_("This certificate is already revoked."))
    old = snapshot(certificate)
    certificate.revoked = True
    certificate.revoked_on = revoked_on or timezone.localdate()
    certificate.revocation_ground = ground
    certificate.revocation_authority = authority.strip()
    certificate.revocation_decision_no = decision_no.strip()
    certificate.save()
    audit_log(
        actor=actor,
        action="certificates.certificate.revoked",
        obj=certificate,
        old=old,
        new=snapshot(certificate),
    )
    product = Product.objects.select_for_update(of=("self",)).get(pk=certificate.product_id)
    product_follow(actor=actor, product=product, note=certificate.revocation_decision_no)
    return certificate


# --------------------------------------------------------------------------- expiry


@transaction.atomic
def certificates_expire(*, actor=None, today: datetime.date | None = None) -> list[Product]:
    """Move recognised products whose certificate in force has expired to ``expired``: the
    daily job and every read path use the same rule (``ocop.certificates.status``)."""
    today = today or timezone.localdate()
    lapsed = selectors.certificates_in_force(today).filter(
        status_q(CertificateStatus.EXPIRED, today), product__status=ProductStatus.RECOGNISED
    )
    moved = []
    for pk in sorted(set(lapsed.values_list("product_id", flat=True))):
        product = Product.objects.select_for_update().get(pk=pk)
        if product_follow(actor=actor, product=product, day=today):
            moved.append(product)
    return moved


# --------------------------------------------------------------------------- re-signing


@transaction.atomic
def certificates_resign(
    *, actor=None, key_id: str = ""
) -> tuple[list[Certificate], list[Certificate]]:
    """Sign again with the active key every certificate signed by a retired or revoked key
    (only those of ``key_id`` when given), after ``ocop keys rotate`` / ``revoke``. The frozen
    facts stay as they were decided; only the signature and the key change, so the printed
    labels carry a stale address and must be reprinted.

    A record whose columns no longer agree with its signed facts, or whose signature under a
    retired (not compromised) key does not hold, was altered since it was signed: it is left as
    it is, and returned as refused, rather than given a fresh, genuine-looking signature.
    Returns (re-signed, refused)."""
    current = keyring.active()
    stale = {key.id: key for key in keyring.all_keys() if key.id != current.id}
    if key_id:
        if key_id == current.id:
            raise DomainError(_("This is the active key: its certificates need no new signature."))
        if key_id not in stale:
            raise DomainError(_("No stored key has the id %(id)s.") % {"id": key_id})
        stale = {key_id: stale[key_id]}
    resigned, refused = [], []
    rows = (
        Certificate.objects.select_for_update(of=("self",))
        .select_related("product")
        .filter(key_id__in=stale)
        .exclude(signature="")
        .order_by("pk")
    )
    for certificate in rows:
        old_key = stale[certificate.key_id]
        intact = row_agrees(certificate) if certificate.facts else True
        if old_key.status != keyring.REVOKED:
            intact = intact and signing.verify(certificate)
        if not intact:
            refused.append(certificate)
            continue
        old = {"key_id": certificate.key_id, "signature": certificate.signature}
        certificate.signature = signing.sign(certificate)
        certificate.save(update_fields=["signature", "key_id"])
        audit_log(
            actor=actor,
            action="certificates.certificate.resigned",
            obj=certificate,
            old=old,
            new={"key_id": certificate.key_id, "signature": certificate.signature},
        )
        resigned.append(certificate)
    return resigned, refused
