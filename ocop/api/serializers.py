"""Representations of the domain records. Records are named by their public codes (units by
their key, product sets by ``<criteria set code>:<number>``), never by database ids."""

from __future__ import annotations

from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext as _
from drf_spectacular.types import OpenApiTypes
from drf_spectacular.utils import extend_schema_field
from rest_framework import serializers

from ocop.api.inputs import InputSerializer
from ocop.certificates import signing
from ocop.certificates.models import Certificate, CertificateStatus, RecognitionDecision
from ocop.certificates.public import public_status
from ocop.certificates.status import NOT_GENUINE
from ocop.criteria.models import CriteriaSet, ProductSet
from ocop.evaluation.models import Result, Round, ScoreSheet
from ocop.geo.models import AdminUnit
from ocop.registry.models import PRODUCER_FIELDS, Document, Producer, Product


def _unit_key():
    return serializers.SlugRelatedField(slug_field="key", read_only=True, allow_null=True)


def product_set_key(product_set: ProductSet | None) -> str | None:
    if product_set is None:
        return None
    return f"{product_set.criteria_set.code}:{product_set.number}"


def product_set_from_key(key: str) -> ProductSet | None:
    code, _sep, number = (key or "").rpartition(":")
    if not code or not number.isdigit():
        return None
    return (
        ProductSet.objects.select_related("criteria_set")
        .filter(criteria_set__code=code, number=int(number))
        .first()
    )


class UnitSerializer(serializers.ModelSerializer):
    parent = _unit_key()

    class Meta:
        model = AdminUnit
        fields = [
            "key",
            "era",
            "level",
            "code",
            "name",
            "full_name",
            "unit_type",
            "parent",
            "valid_from",
            "valid_to",
            "latitude",
            "longitude",
        ]


class ProductSetBriefSerializer(serializers.ModelSerializer):
    key = serializers.SerializerMethodField()
    criteria_set = serializers.SlugRelatedField(slug_field="code", read_only=True)
    group = serializers.SlugRelatedField(slug_field="code", read_only=True, allow_null=True)
    has_sheet = serializers.SerializerMethodField()

    class Meta:
        model = ProductSet
        fields = [
            "key",
            "criteria_set",
            "number",
            "slug",
            "name_vi",
            "name_en",
            "group",
            "lead_ministry_vi",
            "has_sheet",
        ]

    def get_key(self, obj) -> str:
        return product_set_key(obj)

    def get_has_sheet(self, obj) -> bool:
        return bool(obj.sheet)


class ProductSetSerializer(ProductSetBriefSerializer):
    sheet = serializers.JSONField(read_only=True, allow_null=True)

    class Meta(ProductSetBriefSerializer.Meta):
        fields = [*ProductSetBriefSerializer.Meta.fields, "sheet"]


class CriteriaSetSerializer(serializers.ModelSerializer):
    class Meta:
        model = CriteriaSet
        fields = [
            "code",
            "title_vi",
            "title_en",
            "issued_on",
            "effective_from",
            "effective_to",
            "parts",
            "bands",
            "has_sheets",
        ]


class CriteriaSetDetailSerializer(CriteriaSetSerializer):
    product_sets = ProductSetBriefSerializer(many=True, read_only=True)

    class Meta(CriteriaSetSerializer.Meta):
        fields = [*CriteriaSetSerializer.Meta.fields, "product_sets"]


class ProducerSerializer(serializers.ModelSerializer):
    code = serializers.CharField(source="public_code", read_only=True)
    commune = _unit_key()
    province = _unit_key()
    archived = serializers.SerializerMethodField()

    class Meta:
        model = Producer
        fields = [
            "code",
            *PRODUCER_FIELDS,
            "province",
            "recorded_location",
            "archived",
            "created_at",
            "updated_at",
        ]

    def get_archived(self, obj) -> bool:
        return obj.archived_at is not None


class ProductSerializer(serializers.ModelSerializer):
    code = serializers.CharField(source="public_code", read_only=True)
    producer = serializers.SlugRelatedField(
        slug_field="public_code", read_only=True, allow_null=True
    )
    producer_name = serializers.CharField(source="producer.name", read_only=True, default=None)
    province = _unit_key()
    origin_unit = _unit_key()
    product_set = serializers.SerializerMethodField()
    archived = serializers.SerializerMethodField()

    class Meta:
        model = Product
        fields = [
            "code",
            "name",
            "status",
            "stars",
            "producer",
            "producer_name",
            "province",
            "origin_unit",
            "recorded_location",
            "product_set",
            "product_group_label",
            "description",
            "story",
            "gtin",
            "archived",
            "created_at",
            "updated_at",
        ]

    @extend_schema_field(OpenApiTypes.STR)
    def get_product_set(self, obj) -> str | None:
        return product_set_key(obj.product_set)

    def get_archived(self, obj) -> bool:
        return obj.archived_at is not None


class _References:
    """Turns the codes and keys of a write request into records, or a 400 naming the field."""

    @staticmethod
    def unit(value):
        if not value:
            return None
        unit = AdminUnit.objects.filter(key=value).first()
        if unit is None:
            raise serializers.ValidationError(_("No administrative unit has this key."))
        return unit

    @staticmethod
    def product_set(value):
        if not value:
            return None
        found = product_set_from_key(value)
        if found is None:
            raise serializers.ValidationError(_("No product set has this key."))
        return found


class ProducerWriteSerializer(InputSerializer):
    """Fields accepted when a producer is registered or corrected."""

    legal_form = serializers.ChoiceField(choices=Producer._meta.get_field("legal_form").choices)
    name = serializers.CharField(max_length=255)
    tax_code = serializers.CharField(max_length=20, required=False, allow_blank=True)
    representative_name = serializers.CharField(max_length=150, required=False, allow_blank=True)
    representative_title = serializers.CharField(max_length=100, required=False, allow_blank=True)
    representative_gender = serializers.ChoiceField(
        choices=Producer._meta.get_field("representative_gender").choices,
        required=False,
        allow_blank=True,
    )
    representative_ethnicity = serializers.ChoiceField(
        choices=Producer._meta.get_field("representative_ethnicity").choices,
        required=False,
        allow_blank=True,
    )
    representative_disabled = serializers.BooleanField(required=False)
    address = serializers.CharField(max_length=255, required=False, allow_blank=True)
    commune = serializers.CharField(max_length=32, help_text="Key of the commune.")
    phone = serializers.CharField(max_length=30, required=False, allow_blank=True)
    email = serializers.EmailField(max_length=254, required=False, allow_blank=True)
    website = serializers.URLField(max_length=200, required=False, allow_blank=True)

    def validate_commune(self, value):
        return _References.unit(value)


class ProductWriteSerializer(InputSerializer):
    """Fields accepted when a product is registered or corrected."""

    producer = serializers.CharField(
        max_length=16, help_text="Code of the producer (on creation only)."
    )
    name = serializers.CharField(max_length=255)
    origin_unit = serializers.CharField(
        max_length=32, required=False, allow_blank=True, help_text="Key of the commune of origin."
    )
    product_set = serializers.CharField(
        max_length=60, required=False, allow_blank=True, help_text="Key of the product set."
    )
    description = serializers.CharField(required=False, allow_blank=True, max_length=20000)
    story = serializers.CharField(required=False, allow_blank=True, max_length=20000)
    gtin = serializers.CharField(max_length=14, required=False, allow_blank=True)

    def validate_origin_unit(self, value):
        return _References.unit(value)

    def validate_product_set(self, value):
        return _References.product_set(value)


class RelocateSerializer(serializers.Serializer):
    """Moving a product or producer to another commune (an officer covering both units)."""

    unit = serializers.CharField(max_length=32, help_text="Key of the new commune.")
    reason = serializers.CharField(max_length=500)

    def validate_unit(self, value):
        return _References.unit(value)


class DocumentSerializer(serializers.ModelSerializer):
    code = serializers.CharField(source="public_code", read_only=True)
    producer = serializers.SlugRelatedField(slug_field="public_code", read_only=True)
    valid_today = serializers.SerializerMethodField()
    download = serializers.SerializerMethodField()

    class Meta:
        model = Document
        fields = [
            "code",
            "producer",
            "doc_type",
            "title",
            "number",
            "issuing_body",
            "issued_on",
            "expires_on",
            "original_name",
            "content_type",
            "size",
            "sha256",
            "valid_today",
            "download",
            "created_at",
        ]

    def get_valid_today(self, obj) -> bool:
        return obj.is_valid_on(timezone.localdate())

    def get_download(self, obj) -> str:
        path = reverse("api:document-download", kwargs={"code": obj.public_code})
        request = self.context.get("request")
        return request.build_absolute_uri(path) if request else path


class RoundSerializer(serializers.ModelSerializer):
    code = serializers.CharField(source="public_code", read_only=True)
    unit = _unit_key()
    criteria_set = serializers.SlugRelatedField(slug_field="code", read_only=True)

    class Meta:
        model = Round
        fields = [
            "code",
            "level",
            "unit",
            "year",
            "number",
            "title",
            "criteria_set",
            "status",
            "intake_deadline",
            "decision_deadline",
            "opens_on",
            "closes_on",
        ]


class SheetSerializer(serializers.ModelSerializer):
    enrolment = serializers.CharField(source="assignment.enrolment.public_code", read_only=True)
    round = serializers.CharField(source="assignment.enrolment.round.public_code", read_only=True)
    product = serializers.CharField(
        source="assignment.enrolment.product.public_code", read_only=True
    )
    product_name = serializers.CharField(source="assignment.enrolment.product.name", read_only=True)
    member = serializers.CharField(source="assignment.member.user.username", read_only=True)
    position = serializers.CharField(source="assignment.member.position", read_only=True)

    class Meta:
        model = ScoreSheet
        fields = [
            "enrolment",
            "round",
            "product",
            "product_name",
            "member",
            "position",
            "status",
            "total",
            "parts",
            "answers",
            "version",
            "submitted_at",
        ]


class ResultSerializer(serializers.ModelSerializer):
    enrolment = serializers.CharField(source="enrolment.public_code", read_only=True)
    round = serializers.CharField(source="enrolment.round.public_code", read_only=True)
    product = serializers.CharField(source="enrolment.product.public_code", read_only=True)
    product_name = serializers.CharField(source="enrolment.product.name", read_only=True)
    criteria_set = serializers.SlugRelatedField(slug_field="code", read_only=True)
    product_set = serializers.SerializerMethodField()

    class Meta:
        model = Result
        fields = [
            "enrolment",
            "round",
            "product",
            "product_name",
            "criteria_set",
            "product_set",
            "total",
            "parts",
            "stars",
            "band_stars",
            "recognisable",
            "missed_minimums",
            "member_count",
            "spread",
            "quorum_met",
            "final",
            "finalised_at",
        ]

    @extend_schema_field(OpenApiTypes.STR)
    def get_product_set(self, obj) -> str | None:
        return product_set_key(obj.product_set)


class DecisionSerializer(serializers.ModelSerializer):
    code = serializers.CharField(source="public_code", read_only=True)
    unit = _unit_key()
    round = serializers.SlugRelatedField(slug_field="public_code", read_only=True, allow_null=True)
    criteria_set = serializers.SlugRelatedField(slug_field="code", read_only=True, allow_null=True)

    class Meta:
        model = RecognitionDecision
        fields = [
            "code",
            "number",
            "decided_on",
            "year",
            "signer",
            "signer_title",
            "level",
            "unit",
            "round",
            "round_label",
            "criteria_set",
            "source",
        ]


class CertificateSerializer(serializers.ModelSerializer):
    """A certificate's public record: the frozen facts it was signed with, its live status
    (``not_genuine`` when the record no longer matches its signature) and no score."""

    product = serializers.CharField(source="product.public_code", read_only=True)
    product_name = serializers.CharField(source="facts.product", read_only=True, default=None)
    producer = serializers.SlugRelatedField(
        slug_field="public_code", read_only=True, allow_null=True
    )
    producer_name = serializers.CharField(source="facts.producer", read_only=True, default=None)
    province = serializers.CharField(source="product.province.key", read_only=True)
    province_name = serializers.CharField(source="facts.province", read_only=True, default=None)
    origin_unit = serializers.CharField(
        source="product.origin_unit.key", read_only=True, default=None
    )
    unit_name = serializers.CharField(source="facts.unit", read_only=True, default=None)
    decision = serializers.CharField(source="decision.public_code", read_only=True)
    decision_number = serializers.CharField(source="facts.decision_number", read_only=True)
    issuing_body = serializers.CharField(source="facts.issuing_body", read_only=True, default=None)
    status = serializers.SerializerMethodField()
    signature = serializers.SerializerMethodField()

    class Meta:
        model = Certificate
        fields = [
            "code",
            "product",
            "product_name",
            "producer",
            "producer_name",
            "province",
            "province_name",
            "origin_unit",
            "unit_name",
            "stars",
            "kind",
            "issued_on",
            "expires_on",
            "status",
            "signature",
            "revoked_on",
            "revocation_ground",
            "decision",
            "decision_number",
            "issuing_body",
        ]

    @extend_schema_field(
        serializers.ChoiceField(choices=[*CertificateStatus.choices, (NOT_GENUINE, NOT_GENUINE)])
    )
    def get_status(self, obj) -> str:
        return str(public_status(obj, self.context.get("on")))

    @extend_schema_field(serializers.ChoiceField(choices=["verified", "unsigned", "invalid"]))
    def get_signature(self, obj) -> str:
        return signing.state(obj)


class SummarySelectionSerializer(serializers.Serializer):
    province = serializers.CharField(allow_null=True)
    province_code = serializers.CharField(allow_null=True)
    year = serializers.IntegerField(allow_null=True)
    decision = serializers.CharField(allow_null=True)
    on = serializers.CharField(allow_null=True)


class SummarySerializer(serializers.Serializer):
    """The figures of ``ocop report summary``: each recognised product counts once, at its
    latest certificate in the selection."""

    products = serializers.IntegerField()
    producers = serializers.IntegerField()
    by_stars = serializers.DictField(child=serializers.IntegerField())
    certificates = serializers.IntegerField()
    upgrades = serializers.IntegerField()
    revoked = serializers.IntegerField()
    expired = serializers.IntegerField()
    expiring = serializers.IntegerField()
    selection = SummarySelectionSerializer()
