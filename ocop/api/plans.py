"""Programme plans in the API: ``/api/v1/plans/`` (the plans the caller may read, as on the
pages) and ``/api/v1/plans/{code}/progress/`` (the live progress, the figures of the progress
page and of ``ocop plan progress``)."""

from __future__ import annotations

from drf_spectacular.utils import extend_schema, extend_schema_view
from rest_framework import serializers
from rest_framework.decorators import action
from rest_framework.response import Response

from ocop.api import filters
from ocop.api.views import ScopedViewSet
from ocop.programme.models import Milestone, Plan, Target
from ocop.programme.selectors.plans import plans_visible_to
from ocop.programme.selectors.progress import combined_json, plan_progress


class PlanFilter(serializers.Serializer):
    year = serializers.IntegerField(required=False, min_value=2000, max_value=2100)


class ProgressFilter(serializers.Serializer):
    on = serializers.DateField(required=False, help_text="count up to this day (YYYY-MM-DD)")


class TargetSerializer(serializers.ModelSerializer):
    unit = serializers.CharField(source="unit.key", read_only=True)
    unit_name = serializers.CharField(source="unit.full_name", read_only=True)

    class Meta:
        model = Target
        fields = ["unit", "unit_name", "measure", "value"]


class MilestoneSerializer(serializers.ModelSerializer):
    class Meta:
        model = Milestone
        fields = ["kind", "title", "deadline", "done_on"]


class PlanSerializer(serializers.ModelSerializer):
    code = serializers.CharField(source="public_code", read_only=True)
    province = serializers.CharField(source="province.key", read_only=True)
    province_name = serializers.CharField(source="province.full_name", read_only=True)
    has_text = serializers.SerializerMethodField()
    targets = TargetSerializer(many=True, read_only=True)
    milestones = MilestoneSerializer(many=True, read_only=True)

    class Meta:
        model = Plan
        fields = [
            "code",
            "year",
            "number",
            "issued_on",
            "issuing_body",
            "title",
            "deadline",
            "province",
            "province_name",
            "has_text",
            "targets",
            "milestones",
        ]

    def get_has_text(self, plan) -> bool:
        return bool(plan.text)


class ProgressRowSerializer(serializers.Serializer):
    unit = serializers.CharField()
    unit_code = serializers.CharField()
    target = serializers.DictField(child=serializers.IntegerField())
    actual = serializers.DictField(child=serializers.IntegerField())
    share = serializers.FloatField()
    status = serializers.ChoiceField(choices=["on_track", "at_risk", "overdue", "done"])
    plan = serializers.CharField()
    province = serializers.CharField()


class ProgressSerializer(serializers.Serializer):
    year = serializers.IntegerField()
    on = serializers.DateField()
    units = ProgressRowSerializer(many=True)
    totals = serializers.DictField(child=serializers.DictField(child=serializers.IntegerField()))


@extend_schema_view(list=extend_schema(parameters=[PlanFilter]))
class PlanViewSet(ScopedViewSet):
    """Programme plans (kế hoạch) of the provinces the caller may read, with targets per unit
    and milestones."""

    serializer_class = PlanSerializer
    filter_class = PlanFilter
    filter_lookups = {"year": "year"}

    def get_queryset(self):
        qs = plans_visible_to(self.request.user).prefetch_related("targets__unit", "milestones")
        qs, _f = self.filtered(qs.order_by("-year", "number", "pk"))
        return qs

    @extend_schema(parameters=[ProgressFilter], responses=ProgressSerializer)
    @action(detail=True, methods=["get"])
    def progress(self, request, code=None):
        """Targets, actual figures counted live, share reached and status per unit."""
        plan = self.get_object()
        f = filters.parse(ProgressFilter, request)
        progress = plan_progress(plan, on=f.get("on"))
        data = {**combined_json(plan.year, [progress]), "on": progress.on}
        return Response(ProgressSerializer(data).data)
