"""National roll-up (tổng hợp toàn quốc): a province deployment sends its certified list to a
national deployment, which records it here.

The sending side turns each certificate into a self-contained item (``certificate_item``). The
receiving side (``certificate_rollup_receive``) records a batch of items, all or nothing, under
the same rules as every other road:

- every record an item names, by code or by tax code, is matched only inside what the sender
  may change (its unit scope); a code or tax code that belongs to another province is an error
  that names the item, never a silent match, and a tax-code clash is put on the other
  province's record in the audit log too;
- a unit named by the item must lie in the sender's scope, and so must the record as stored;
- a decision of another unit, or a central decision recorded before, is not changed;
- a certificate issued and signed on this deployment is changed only through its own services;
- which certificate of a product is superseded follows the issue dates, whatever order the
  lists arrive in, and the product follows its certificate in force (``certificates.status``).

The wire format (serializers) and the HTTP client stay in ``ocop.api``.
"""

from __future__ import annotations

from django.db import transaction
from django.db.models import QuerySet
from django.utils.translation import gettext as _

from ocop.accounts.permissions import IMPORT_DATA, require
from ocop.accounts.scope import scope_for, unit_in_scope, unit_q
from ocop.certificates import records
from ocop.certificates.models import Certificate, RecognitionDecision, Source
from ocop.certificates.status import CertificateStatus
from ocop.core.audit import audit_changes, audit_log, snapshot
from ocop.core.exceptions import DomainError, OutsideScope, PermissionDeniedError
from ocop.core.text import fold
from ocop.geo.models import AdminUnit, Level
from ocop.registry.models import Producer, Product, ProductStatus
from ocop.registry.taxcodes import clashes_reported, producer_by_tax_code

# --- the sending side -------------------------------------------------------------------------


def _unit_ref(unit: AdminUnit | None) -> dict | None:
    if unit is None:
        return None
    return {"era": unit.era, "level": unit.level, "code": unit.code}


def certificate_item(cert: Certificate, *, today=None) -> dict:
    """One certificate as a self-contained roll-up item."""
    product, producer, decision = cert.product, cert.producer, cert.decision
    return {
        "code": cert.code,
        "product": {
            "code": product.public_code,
            "name": product.name,
            "province": _unit_ref(product.province),
            "origin_unit": _unit_ref(product.origin_unit),
            "product_group_label": product.product_group_label,
        },
        "producer": None
        if producer is None
        else {
            "code": producer.public_code,
            "name": producer.name,
            "tax_code": producer.tax_code,
            "legal_form": producer.legal_form,
            "province": _unit_ref(producer.province),
            "commune": _unit_ref(producer.commune),
        },
        "decision": {
            "number": decision.number,
            "year": decision.year,
            "decided_on": decision.decided_on.isoformat() if decision.decided_on else None,
            "level": decision.level,
            "unit": _unit_ref(decision.unit),
        },
        "stars": cert.stars,
        "score": str(cert.score) if cert.score is not None else None,
        "kind": cert.kind,
        "issued_on": cert.issued_on.isoformat(),
        "expires_on": cert.expires_on.isoformat(),
        "status": str(cert.status_on(today)),
        "revoked_on": cert.revoked_on.isoformat() if cert.revoked_on else None,
        "revocation_ground": cert.revocation_ground,
    }


def certificates_to_push(*, province_code: str | None = None) -> QuerySet[Certificate]:
    """The certified list of this deployment, or of one province (by its code in either
    structure: a 2025 province also covers the certificates filed under its former provinces)."""
    qs = Certificate.objects.select_related(
        "product__province",
        "product__origin_unit",
        "producer__province",
        "producer__commune",
        "decision__unit",
    ).order_by("issued_on", "code")
    if province_code:
        paths = AdminUnit.objects.filter(level=Level.PROVINCE, code=province_code).values_list(
            "path", flat=True
        )
        qs = qs.filter(unit_q(list(paths), "product__province__"))
    return qs


# --- the receiving side -----------------------------------------------------------------------


class _Units:
    """Resolves unit references once per batch."""

    def __init__(self):
        self._cache: dict[tuple, AdminUnit | None] = {}

    def get(self, ref: dict | None, field: str) -> AdminUnit | None:
        if ref is None:
            return None
        key = (ref["era"], ref["level"], ref["code"])
        if key not in self._cache:
            self._cache[key] = AdminUnit.objects.filter(
                era=ref["era"], level=ref["level"], code=ref["code"]
            ).first()
        unit = self._cache[key]
        if unit is None:
            raise DomainError(
                _("Unknown administrative unit %(era)s/%(level)s/%(code)s.") % ref, field=field
            )
        return unit


class _Receiver:
    """One batch, matched and written inside the sender's scope."""

    def __init__(self, actor):
        self.actor = actor
        self.scope = scope_for(actor)
        self.units = _Units()
        self.touched: set[int] = set()

    def _in_scope(self, unit, *, field: str, what: str, code: str) -> None:
        if not unit_in_scope(unit, self.scope):
            raise OutsideScope(
                _("%(what)s %(code)s belongs to a record outside your area of work.")
                % {"what": what, "code": code},
                field=field,
            )

    def _save(self, obj, fields: dict, action: str) -> bool:
        """Write and audit what the item changes; nothing at all when it changes nothing."""
        before = snapshot(obj)
        for name, value in fields.items():
            setattr(obj, name, value)
        if snapshot(obj) == before:
            return False
        obj.save()
        audit_changes(actor=self.actor, action=action, obj=obj, before=before)
        return True

    def _create(self, model, fields: dict, action: str):
        obj = model.objects.create(**fields)
        audit_log(actor=self.actor, action=action, obj=obj, new=snapshot(obj))
        return obj

    def producer(self, item: dict | None) -> Producer | None:
        if item is None:
            return None
        province = self.units.get(item["province"], "producer.province")
        self._in_scope(province, field="producer.province", what=_("Producer"), code=item["code"])
        fields = {
            "name": item["name"],
            "name_folded": fold(item["name"]),
            "tax_code": item["tax_code"],
            "legal_form": item["legal_form"],
            "province": province,
            "commune": self.units.get(item["commune"], "producer.commune"),
        }
        producer = (
            Producer.objects.select_related("province").filter(public_code=item["code"]).first()
        )
        if producer is not None:
            self._in_scope(
                producer.province, field="producer.code", what=_("Producer"), code=item["code"]
            )
        if producer is None and item["tax_code"]:
            producer = producer_by_tax_code(
                item["tax_code"], scope=self.scope, field="producer.tax_code"
            )
        if producer is None:
            producer = Producer.objects.filter(
                province=province, name_folded=fields["name_folded"]
            ).first()
        if producer is None:
            return self._create(
                Producer, {**fields, "public_code": item["code"]}, "registry.producer.rolled_up"
            )
        self._save(producer, fields, "registry.producer.rolled_up")
        return producer

    def product(self, item: dict, producer: Producer | None) -> Product:
        province = self.units.get(item["province"], "product.province")
        self._in_scope(province, field="product.province", what=_("Product"), code=item["code"])
        fields = {
            "name": item["name"],
            "name_folded": fold(item["name"]),
            "producer": producer,
            "province": province,
            "origin_unit": self.units.get(item["origin_unit"], "product.origin_unit"),
            "product_group_label": item["product_group_label"],
        }
        product = (
            Product.objects.select_related("province").filter(public_code=item["code"]).first()
        )
        if product is not None:
            self._in_scope(
                product.province, field="product.code", what=_("Product"), code=item["code"]
            )
        if product is None and producer is not None:
            product = Product.objects.filter(
                producer=producer, name_folded=fields["name_folded"]
            ).first()
        if product is None:
            return self._create(
                Product,
                {**fields, "public_code": item["code"], "status": ProductStatus.DRAFT},
                "registry.product.rolled_up",
            )
        self._save(product, fields, "registry.product.rolled_up")
        return product

    def decision(self, item: dict) -> RecognitionDecision:
        unit = self.units.get(item["unit"], "decision.unit")
        if unit is not None:
            self._in_scope(unit, field="decision.unit", what=_("Decision"), code=item["number"])
        decision = RecognitionDecision.objects.filter(
            number=item["number"], year=item["year"], unit=unit
        ).first()
        fields = {"decided_on": item["decided_on"], "level": item["level"]}
        if decision is None:
            return self._create(
                RecognitionDecision,
                {**fields, "number": item["number"], "year": item["year"], "unit": unit,
                 "source": Source.IMPORTED},
                "certificates.decision.rolled_up",
            )  # fmt: skip
        same = (decision.decided_on, decision.level) == (fields["decided_on"], fields["level"])
        if not same and (unit is None and not self.scope.everything):
            raise OutsideScope(
                _("Decision %(number)s of %(year)s is recorded centrally; it cannot be changed "
                  "from a province.") % {"number": item["number"], "year": item["year"]},
                field="decision.number",
            )  # fmt: skip
        if not same and decision.source == Source.EVALUATED:
            raise DomainError(
                _("Decision %(number)s of %(year)s was issued here; change it through its page.")
                % {"number": item["number"], "year": item["year"]},
                field="decision.number",
            )
        self._save(decision, fields, "certificates.decision.rolled_up")
        return decision

    def certificate(self, item: dict, product, producer, decision) -> str:
        revoked = item["status"] == CertificateStatus.REVOKED
        fields = {
            "product": product,
            "producer": producer,
            "decision": decision,
            "stars": item["stars"],
            "score": item["score"],
            "kind": item["kind"],
            "issued_on": item["issued_on"],
            "expires_on": item["expires_on"],
            "revoked": revoked,
            "revoked_on": item["revoked_on"] if revoked else None,
            "revocation_ground": item["revocation_ground"] if revoked else "",
        }
        certificate = (
            Certificate.objects.select_related("product__province")
            .filter(code=item["code"])
            .first()
        )
        if certificate is None:
            certificate = self._create(
                Certificate, {**fields, "code": item["code"]}, "certificates.certificate.rolled_up"
            )
            records.freeze_recorded(certificate)
            outcome = "created"
        else:
            self._in_scope(
                certificate.product.province,
                field="code",
                what=_("Certificate"),
                code=item["code"],
            )
            if certificate.product_id != product.pk:
                raise DomainError(
                    _("Certificate %(code)s belongs to another product.") % {"code": item["code"]},
                    field="code",
                )
            if certificate.signature:
                # issued and signed here: a roll-up may confirm it, never change it (not even a
                # revocation, which is the certificate service's with its ground and authority)
                before = snapshot(certificate)
                for name, value in fields.items():
                    setattr(certificate, name, value)
                if snapshot(certificate) != before:
                    raise DomainError(
                        _("Certificate %(code)s was issued here; change it through its page.")
                        % {"code": item["code"]},
                        field="code",
                    )
                certificate.refresh_from_db()
            outcome = (
                "updated"
                if self._save(certificate, fields, "certificates.certificate.rolled_up")
                else "unchanged"
            )
            if outcome == "updated" and not certificate.signature:
                records.freeze_recorded(certificate)
        self.touched.add(product.pk)
        return outcome


def certificate_rollup_receive(*, actor, items: list[dict]) -> dict[str, int]:
    """Record validated roll-up items, all or nothing (see the module docstring)."""
    require(actor, IMPORT_DATA)
    with clashes_reported(actor):
        return _receive(actor, items)


@transaction.atomic
def _receive(actor, items: list[dict]) -> dict[str, int]:
    receiver = _Receiver(actor)
    counts = {"created": 0, "updated": 0, "unchanged": 0}
    for index, item in enumerate(items):
        try:
            producer = receiver.producer(item["producer"])
            product = receiver.product(item["product"], producer)
            decision = receiver.decision(item["decision"])
            counts[receiver.certificate(item, product, producer, decision)] += 1
        except DomainError as error:
            kind = PermissionDeniedError if isinstance(error, OutsideScope) else DomainError
            raise kind(
                _("Item %(index)s: %(message)s") % {"index": index, "message": error.message},
                field=f"certificates[{index}].{error.field}",
            ) from error
    records.relink_and_follow(actor=actor, product_ids=receiver.touched)
    return counts
