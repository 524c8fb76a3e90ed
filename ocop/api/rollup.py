"""National roll-up: a province deployment sends its certified list to a national deployment.

The sending side (``ocop rollup push``) turns each certificate into a self-contained item
(``certificate_item``) and posts batches to ``/api/v1/rollup/certificates/`` on the national
side, which upserts them (``certificate_rollup_receive``) by certificate code. Receiving the
same items twice changes nothing; a certificate revoked or superseded since the last push is
updated. Units are named by structure, level and official code, which every deployment shares.
"""

from __future__ import annotations

import json
import urllib.error
import urllib.request
from collections.abc import Iterable, Iterator

from django.db import transaction
from django.db.models import QuerySet
from django.utils import timezone
from django.utils.translation import gettext as _
from rest_framework import serializers

from ocop.accounts.permissions import IMPORT_DATA, require
from ocop.accounts.scope import scope_for, unit_in_scope, unit_q
from ocop.certificates.models import (
    Certificate,
    CertificateStatus,
    DecisionLevel,
    RecognitionDecision,
    RevocationGround,
    Source,
)
from ocop.core.audit import audit_log, diff, snapshot
from ocop.core.exceptions import DomainError, PermissionDeniedError
from ocop.core.text import fold
from ocop.geo.models import AdminUnit, Era, Level
from ocop.registry.models import LegalForm, Producer, Product, ProductStatus

BATCH_SIZE = 200
MAX_BATCH = 1000


# --- the item format --------------------------------------------------------------------------


class UnitRefSerializer(serializers.Serializer):
    era = serializers.ChoiceField(choices=Era.choices)
    level = serializers.ChoiceField(choices=Level.choices)
    code = serializers.CharField(max_length=10)


class ProducerItemSerializer(serializers.Serializer):
    code = serializers.CharField(max_length=16)
    name = serializers.CharField(max_length=255)
    tax_code = serializers.CharField(max_length=20, allow_blank=True, required=False, default="")
    legal_form = serializers.ChoiceField(choices=LegalForm.choices)
    province = UnitRefSerializer()
    commune = UnitRefSerializer(required=False, allow_null=True, default=None)


class ProductItemSerializer(serializers.Serializer):
    code = serializers.CharField(max_length=16)
    name = serializers.CharField(max_length=255)
    province = UnitRefSerializer()
    origin_unit = UnitRefSerializer(required=False, allow_null=True, default=None)
    product_group_label = serializers.CharField(
        max_length=255, allow_blank=True, required=False, default=""
    )


class DecisionItemSerializer(serializers.Serializer):
    number = serializers.CharField(max_length=80)
    year = serializers.IntegerField(min_value=1990, max_value=2100)
    decided_on = serializers.DateField(required=False, allow_null=True, default=None)
    level = serializers.ChoiceField(choices=DecisionLevel.choices)
    unit = UnitRefSerializer(required=False, allow_null=True, default=None)


class CertificateItemSerializer(serializers.Serializer):
    code = serializers.CharField(max_length=20)
    product = ProductItemSerializer()
    producer = ProducerItemSerializer(required=False, allow_null=True, default=None)
    decision = DecisionItemSerializer()
    stars = serializers.ChoiceField(choices=[3, 4, 5])
    score = serializers.DecimalField(
        max_digits=6, decimal_places=2, min_value=0, max_value=100, required=False, allow_null=True
    )
    kind = serializers.ChoiceField(choices=Certificate._meta.get_field("kind").choices)
    issued_on = serializers.DateField()
    expires_on = serializers.DateField()
    status = serializers.ChoiceField(choices=CertificateStatus.choices)
    revoked_on = serializers.DateField(required=False, allow_null=True, default=None)
    revocation_ground = serializers.ChoiceField(
        choices=RevocationGround.choices, allow_blank=True, required=False, default=""
    )

    def validate(self, attrs):
        if attrs["expires_on"] < attrs["issued_on"]:
            raise serializers.ValidationError(
                {"expires_on": _("The expiry date is before the issue date.")}
            )
        return attrs


class RollupBatchSerializer(serializers.Serializer):
    certificates = CertificateItemSerializer(many=True, max_length=MAX_BATCH, allow_empty=False)


class RollupOutcomeSerializer(serializers.Serializer):
    created = serializers.IntegerField()
    updated = serializers.IntegerField()
    unchanged = serializers.IntegerField()


# --- the sending side -------------------------------------------------------------------------


def _unit_ref(unit: AdminUnit | None) -> dict | None:
    if unit is None:
        return None
    return {"era": unit.era, "level": unit.level, "code": unit.code}


def certificate_item(cert: Certificate, *, today=None) -> dict:
    """One certificate as a self-contained roll-up item (see ``CertificateItemSerializer``)."""
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


def batched(items: Iterable[dict], size: int) -> Iterator[list[dict]]:
    batch: list[dict] = []
    for item in items:
        batch.append(item)
        if len(batch) >= size:
            yield batch
            batch = []
    if batch:
        yield batch


class PushError(Exception):
    pass


def post_batch(url: str, token: str, batch: list[dict], *, timeout: float = 60) -> dict:
    """POST one batch to the national endpoint; the JSON answer, or ``PushError``."""
    if not url.startswith(("http://", "https://")):
        raise PushError(_("The national address must start with http:// or https://."))
    body = json.dumps({"certificates": batch}).encode()
    request = urllib.request.Request(  # noqa: S310 - the scheme is checked above
        url,
        data=body,
        method="POST",
        headers={
            "Content-Type": "application/json",
            "Accept": "application/json",
            "Authorization": f"Token {token}",
        },
    )
    try:
        with urllib.request.urlopen(request, timeout=timeout) as response:  # noqa: S310
            return json.loads(response.read().decode())
    except urllib.error.HTTPError as error:
        detail = error.read().decode(errors="replace")[:2000]
        raise PushError(
            _("The national deployment answered %(status)s: %(detail)s")
            % {"status": error.code, "detail": detail}
        ) from error
    except urllib.error.URLError as error:
        raise PushError(
            _("The national deployment could not be reached: %(reason)s") % {"reason": error.reason}
        ) from error


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


def _save_changes(obj, fields: dict, *, actor, action: str) -> bool:
    before = snapshot(obj)
    for name, value in fields.items():
        setattr(obj, name, value)
    old, new = diff(before, snapshot(obj))
    if not new:
        return False
    obj.save()
    audit_log(actor=actor, action=action, obj=obj, old=old, new=new)
    return True


def _create(model, fields: dict, *, actor, action: str):
    obj = model.objects.create(**fields)
    audit_log(actor=actor, action=action, obj=obj, new=snapshot(obj))
    return obj


def _producer(item: dict | None, units: _Units, actor) -> Producer | None:
    if item is None:
        return None
    province = units.get(item["province"], "producer.province")
    fields = {
        "name": item["name"],
        "name_folded": fold(item["name"]),
        "tax_code": item["tax_code"],
        "legal_form": item["legal_form"],
        "province": province,
        "commune": units.get(item["commune"], "producer.commune"),
    }
    producer = Producer.objects.filter(public_code=item["code"]).first()
    if producer is None and item["tax_code"]:
        producer = Producer.objects.filter(province=province, tax_code=item["tax_code"]).first()
    if producer is None:
        producer = Producer.objects.filter(
            province=province, name_folded=fields["name_folded"]
        ).first()
    if producer is None:
        return _create(
            Producer,
            {**fields, "public_code": item["code"]},
            actor=actor,
            action="registry.producer.rolled_up",
        )
    _save_changes(producer, fields, actor=actor, action="registry.producer.rolled_up")
    return producer


def _product(item: dict, producer: Producer | None, units: _Units, actor) -> Product:
    fields = {
        "name": item["name"],
        "name_folded": fold(item["name"]),
        "producer": producer,
        "province": units.get(item["province"], "product.province"),
        "origin_unit": units.get(item["origin_unit"], "product.origin_unit"),
        "product_group_label": item["product_group_label"],
    }
    product = Product.objects.filter(public_code=item["code"]).first()
    if product is None and producer is not None:
        product = Product.objects.filter(
            producer=producer, name_folded=fields["name_folded"]
        ).first()
    if product is None:
        return _create(
            Product,
            {**fields, "public_code": item["code"], "status": ProductStatus.RECOGNISED},
            actor=actor,
            action="registry.product.rolled_up",
        )
    _save_changes(product, fields, actor=actor, action="registry.product.rolled_up")
    return product


def _decision(item: dict, units: _Units, actor) -> RecognitionDecision:
    unit = units.get(item["unit"], "decision.unit")
    decision = RecognitionDecision.objects.filter(
        number=item["number"], year=item["year"], unit=unit
    ).first()
    fields = {"decided_on": item["decided_on"], "level": item["level"]}
    if decision is None:
        return _create(
            RecognitionDecision,
            {**fields, "number": item["number"], "year": item["year"], "unit": unit,
             "source": Source.IMPORTED},
            actor=actor,
            action="certificates.decision.rolled_up",
        )  # fmt: skip
    _save_changes(decision, fields, actor=actor, action="certificates.decision.rolled_up")
    return decision


_PRODUCT_STATUS_BY_CERTIFICATE = {
    CertificateStatus.VALID: ProductStatus.RECOGNISED,
    CertificateStatus.EXPIRED: ProductStatus.EXPIRED,
    CertificateStatus.REVOKED: ProductStatus.REVOKED,
}


def _mirror_product(product: Product, actor, today) -> None:
    """The product shows the status and stars of its latest certificate, as on the sending side."""
    latest = (
        Certificate.objects.filter(product=product, superseded=False)
        .order_by("-issued_on", "-pk")
        .first()
    )
    if latest is None:
        return
    fields = {
        "stars": latest.stars,
        "status": _PRODUCT_STATUS_BY_CERTIFICATE[latest.status_on(today)],
    }
    _save_changes(product, fields, actor=actor, action="registry.product.rolled_up")


@transaction.atomic
def certificate_rollup_receive(*, actor, items: list[dict]) -> dict[str, int]:
    """Upsert validated roll-up items (``CertificateItemSerializer``) by certificate code.

    All or nothing: an item naming a unit unknown here, or a province outside the sender's
    scope (a provincial office pushes only its own province; the central office and admins
    push any), refuses the whole batch, with the item's position in the message.
    """
    require(actor, IMPORT_DATA)
    scope = scope_for(actor)
    today = timezone.localdate()
    units = _Units()
    counts = {"created": 0, "updated": 0, "unchanged": 0}
    for index, item in enumerate(items):
        try:
            province = units.get(item["product"]["province"], "product.province")
            if not unit_in_scope(province, scope):
                raise PermissionDeniedError(
                    _("Item %(index)s: the province %(province)s is outside your scope.")
                    % {"index": index, "province": province.full_name}
                )
            producer = _producer(item["producer"], units, actor)
            product = _product(item["product"], producer, units, actor)
            decision = _decision(item["decision"], units, actor)
        except PermissionDeniedError:
            raise
        except DomainError as error:
            raise DomainError(
                _("Item %(index)s: %(message)s") % {"index": index, "message": error.message},
                field=f"certificates[{index}].{error.field}",
            ) from error
        status = item["status"]
        fields = {
            "product": product,
            "producer": producer,
            "decision": decision,
            "stars": item["stars"],
            "score": item["score"],
            "kind": item["kind"],
            "issued_on": item["issued_on"],
            "expires_on": item["expires_on"],
            "revoked": status == CertificateStatus.REVOKED,
            "superseded": status == CertificateStatus.SUPERSEDED,
            "revoked_on": item["revoked_on"] if status == CertificateStatus.REVOKED else None,
            "revocation_ground": item["revocation_ground"]
            if status == CertificateStatus.REVOKED
            else "",
        }
        certificate = Certificate.objects.filter(code=item["code"]).first()
        if certificate is None:
            _create(
                Certificate,
                {**fields, "code": item["code"]},
                actor=actor,
                action="certificates.certificate.rolled_up",
            )
            counts["created"] += 1
        elif _save_changes(
            certificate, fields, actor=actor, action="certificates.certificate.rolled_up"
        ):
            counts["updated"] += 1
        else:
            counts["unchanged"] += 1
        _mirror_product(product, actor, today)
    return counts
