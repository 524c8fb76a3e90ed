"""National roll-up of programme figures on the wire: ``/api/v1/rollup/progress/``.

A province deployment (``ocop rollup push-progress``) posts one item per province and year,
built by ``ocop.programme.rollup.progress_items``; the view validates the items here and hands
them to ``ocop.programme.rollup.province_progress_receive``, which holds every rule. Sending
the same items twice changes nothing.
"""

from __future__ import annotations

from django.utils.translation import gettext as _
from drf_spectacular.utils import OpenApiResponse, extend_schema
from rest_framework import serializers
from rest_framework.response import Response
from rest_framework.views import APIView

from ocop.api.permissions import CanImport
from ocop.api.rollup import MAX_BATCH, UnitRefSerializer
from ocop.api.views import call_service
from ocop.programme import rollup as programme_rollup


class MeasureFigureSerializer(serializers.Serializer):
    measure = serializers.CharField(max_length=40)
    target = serializers.IntegerField(min_value=0, max_value=10**9)
    actual = serializers.IntegerField(min_value=0, max_value=10**9)


class ProvinceProgressItemSerializer(serializers.Serializer):
    province = UnitRefSerializer()
    year = serializers.IntegerField(min_value=2000, max_value=2100)
    as_of = serializers.DateField()
    plans = serializers.ListField(
        child=serializers.CharField(max_length=80), max_length=50, allow_empty=True
    )
    measures = MeasureFigureSerializer(many=True, max_length=50, allow_empty=False)

    def validate_measures(self, value):
        keys = [entry["measure"] for entry in value]
        if len(set(keys)) != len(keys):
            raise serializers.ValidationError(_("A measure is named twice."))
        return value


class ProgressBatchSerializer(serializers.Serializer):
    provinces = ProvinceProgressItemSerializer(many=True, max_length=MAX_BATCH, allow_empty=False)


class ProgressOutcomeSerializer(serializers.Serializer):
    created = serializers.IntegerField()
    updated = serializers.IntegerField()
    removed = serializers.IntegerField()
    unchanged = serializers.IntegerField()


class RollupProgressView(APIView):
    """Receive a province's plan targets and actual figures of a year (idempotent)."""

    permission_classes = [CanImport]

    @extend_schema(
        request=ProgressBatchSerializer,
        responses={
            200: ProgressOutcomeSerializer,
            400: OpenApiResponse(description="Invalid items, an unknown province or measure."),
        },
    )
    def post(self, request):
        batch = ProgressBatchSerializer(data=request.data)
        batch.is_valid(raise_exception=True)
        outcome = call_service(
            programme_rollup.province_progress_receive,
            actor=request.user,
            items=batch.validated_data["provinces"],
        )
        return Response(outcome)
