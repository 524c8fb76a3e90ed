"""National roll-up on the wire: the item format and the HTTP client.

The sending side (``ocop rollup push``) turns each certificate into a self-contained item
(``ocop.certificates.rollup.certificate_item``) and posts batches to
``/api/v1/rollup/certificates/`` on the national side, whose view validates them here and hands
them to ``ocop.certificates.rollup.certificate_rollup_receive``, which holds every rule.
Receiving the same items twice changes nothing. Units are named by structure, level and
official code, which every deployment shares.
"""

from __future__ import annotations

import json
import urllib.error
import urllib.request
from collections.abc import Iterable, Iterator

from django.utils.translation import gettext as _
from rest_framework import serializers

from ocop.certificates.models import (
    Certificate,
    CertificateStatus,
    DecisionLevel,
    RevocationGround,
)
from ocop.geo.models import Era, Level
from ocop.registry.models import LegalForm

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


def post_batch(
    url: str, token: str, batch: list[dict], *, timeout: float = 60, key: str = "certificates"
) -> dict:
    """POST one batch (under ``key``) to a national endpoint; the JSON answer, or ``PushError``."""
    if not url.startswith(("http://", "https://")):
        raise PushError(_("The national address must start with http:// or https://."))
    body = json.dumps({key: batch}).encode()
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
