"""Query-parameter filters of the list endpoints.

Each filter is a small serializer: the same class validates the query string (bad values answer
400 naming the parameter) and documents the parameters in the OpenAPI schema.
"""

from __future__ import annotations

from django.utils import timezone
from django.utils.translation import gettext_lazy as _
from rest_framework import serializers

from ocop.certificates.models import CertificateStatus, DecisionLevel
from ocop.core.exceptions import DomainError
from ocop.core.forms import without_control
from ocop.core.search import MAX_CHARS, search_terms
from ocop.evaluation.models import RoundLevel, RoundStatus, SheetStatus
from ocop.geo.models import AdminUnit, Era, Level
from ocop.geo.resolver import CODE_WIDTH
from ocop.geo.selectors import unit_resolve
from ocop.registry.models import DocumentType, ProductStatus

STARS = [(3, "3"), (4, "4"), (5, "5")]


def parse(filter_class, request) -> dict:
    """The validated filters of ``request`` (raises a 400 naming the bad parameter)."""
    query = filter_class(data=without_control(request.query_params))
    query.is_valid(raise_exception=True)
    return {k: v for k, v in query.validated_data.items() if v not in (None, "")}


def _text(help_text, max_length=120):
    return serializers.CharField(
        required=False, allow_blank=True, max_length=max_length, help_text=help_text
    )


def _search(help_text):
    """A search text, within the limits of ``ocop.core.search`` (400 naming ``q`` otherwise)."""
    return serializers.CharField(
        required=False,
        allow_blank=True,
        max_length=MAX_CHARS,
        validators=[search_terms],
        help_text=help_text,
    )


class UnitField(serializers.CharField):
    """A unit given by its key (``old:p:17``), official code or name, as ``ocop.geo.resolver``
    reads it today (a former name such as "Thừa Thiên Huế", either accent placement); the value
    is the list of unit paths to filter on with ``ocop.accounts.scope.unit_q``, which also takes
    in the former units a current unit covers. An unknown or ambiguous name is a 400 naming the
    parameter. A province code matches the province of either structure."""

    def __init__(self, help_text, *, level: str | None = None):
        super().__init__(required=False, allow_blank=True, max_length=120, help_text=help_text)
        self.level = level

    def to_internal_value(self, data):
        text = super().to_internal_value(data).strip()
        if not text:
            return ""
        keyed = list(AdminUnit.objects.filter(key=text).values_list("path", flat=True))
        if keyed:
            return keyed
        if text.isdigit() and self.level == Level.PROVINCE and len(text) <= 2:
            code = text.zfill(CODE_WIDTH[Level.PROVINCE])
            coded = AdminUnit.objects.filter(level=Level.PROVINCE, code=code)
            if paths := list(coded.values_list("path", flat=True)):
                return paths
        try:
            unit = unit_resolve(text, on=timezone.localdate(), level=self.level)
        except DomainError as error:
            raise serializers.ValidationError(str(error)) from error
        return [unit.path]


def _year():
    return serializers.IntegerField(
        required=False, min_value=1990, max_value=2100, help_text=_("Year.")
    )


class UnitFilter(serializers.Serializer):
    era = serializers.ChoiceField(choices=Era.choices, required=False, help_text=_("Structure."))
    level = serializers.ChoiceField(choices=Level.choices, required=False, help_text=_("Level."))
    parent = _text(_("Key of the parent unit, e.g. old:p:17."), 32)
    code = _text(_("Official code."), 10)
    q = _search(_("Name, ignoring diacritics and case."))


class ProductSetFilter(serializers.Serializer):
    criteria_set = _text(_("Code of the criteria set."), 40)
    number = serializers.IntegerField(
        required=False, min_value=1, max_value=999, help_text=_("Product-set number.")
    )
    q = _search(_("Name, ignoring diacritics and case."))


class ProducerFilter(serializers.Serializer):
    unit = UnitField(_("Key, code or name of a unit: producers located under it."))
    q = _search(_("Name, ignoring diacritics and case."))
    tax_code = _text(_("Tax or registration code."), 20)
    archived = serializers.BooleanField(
        required=False, allow_null=True, default=None, help_text=_("Archived records only.")
    )


class ProductFilter(serializers.Serializer):
    status = serializers.ChoiceField(
        choices=ProductStatus.choices, required=False, help_text=_("Lifecycle status.")
    )
    stars = serializers.ChoiceField(choices=STARS, required=False, help_text=_("Stars."))
    producer = _text(_("Code of the producer."), 16)
    unit = UnitField(_("Key, code or name of a unit: products from under it."))
    product_set = _text(_("Key of the product set, e.g. QD-26-2026-TTg:14."), 60)
    q = _search(_("Name, ignoring diacritics and case."))
    archived = serializers.BooleanField(
        required=False, allow_null=True, default=None, help_text=_("Archived records only.")
    )


class DocumentFilter(serializers.Serializer):
    producer = _text(_("Code of the producer."), 16)
    doc_type = serializers.ChoiceField(
        choices=DocumentType.choices, required=False, help_text=_("Document type.")
    )
    valid_on = serializers.DateField(
        required=False, help_text=_("Only documents still valid on this day.")
    )


class RoundFilter(serializers.Serializer):
    year = _year()
    level = serializers.ChoiceField(choices=RoundLevel.choices, required=False)
    status = serializers.ChoiceField(choices=RoundStatus.choices, required=False)


class SheetFilter(serializers.Serializer):
    round = _text(_("Code of the round."), 16)
    product = _text(_("Code of the product."), 16)
    status = serializers.ChoiceField(choices=SheetStatus.choices, required=False)


class ResultFilter(serializers.Serializer):
    round = _text(_("Code of the round."), 16)
    product = _text(_("Code of the product."), 16)
    final = serializers.BooleanField(
        required=False, allow_null=True, default=None, help_text=_("Final results only.")
    )


class DecisionFilter(serializers.Serializer):
    year = _year()
    level = serializers.ChoiceField(choices=DecisionLevel.choices, required=False)
    unit = UnitField(_("Key, code or name of the issuing unit or a unit above it."))
    q = _text(_("Decision number."), 80)


class CertificateFilter(serializers.Serializer):
    status = serializers.ChoiceField(
        choices=CertificateStatus.choices,
        required=False,
        help_text=_("Live status today (or on the day given by 'on')."),
    )
    on = serializers.DateField(required=False, help_text=_("Day on which the status is judged."))
    stars = serializers.ChoiceField(choices=STARS, required=False)
    year = _year()
    province = UnitField(
        _("Code (either structure) or name of the province, former names included."),
        level=Level.PROVINCE,
    )
    decision = _text(_("Code of the recognition decision."), 16)
    q = _search(_("Product name, ignoring diacritics and case."))


class CertificateStatusQuery(serializers.Serializer):
    on = serializers.DateField(required=False, help_text=_("Day on which the status is judged."))


class SummaryFilter(serializers.Serializer):
    province = _text(_("Name or code of the province, as it was on the day or in the year."))
    year = _year()
    decision = _text(_("Number of the recognition decision."), 80)
    on = serializers.DateField(
        required=False, help_text=_("Count only certificates valid on this day.")
    )
