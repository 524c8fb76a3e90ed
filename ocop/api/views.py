"""API endpoints. They own no business rule: reads go through the domain selectors (so a record
out of the caller's scope answers 404), writes through the domain services."""

from __future__ import annotations

from django.core.cache import caches
from django.db.models import Prefetch, Q
from django.http import FileResponse, Http404
from django.shortcuts import get_object_or_404, render
from django.utils import timezone
from django.utils.decorators import method_decorator
from django.utils.translation import gettext as _
from drf_spectacular.types import OpenApiTypes
from drf_spectacular.utils import OpenApiResponse, extend_schema, extend_schema_view
from rest_framework import mixins, status, viewsets
from rest_framework.authtoken.views import ObtainAuthToken
from rest_framework.decorators import action
from rest_framework.exceptions import PermissionDenied, Throttled, ValidationError
from rest_framework.pagination import LimitOffsetPagination
from rest_framework.permissions import AllowAny, IsAuthenticated
from rest_framework.response import Response
from rest_framework.throttling import AnonRateThrottle
from rest_framework.views import APIView

from ocop.accounts import lockout
from ocop.accounts.client import client_ip
from ocop.accounts.scope import unit_q
from ocop.api import filters, rollup, serializers
from ocop.api.permissions import CanImport
from ocop.api.schema import openapi_document, operations
from ocop.certificates import keyring
from ocop.certificates import rollup as certificate_rollup
from ocop.certificates import selectors as certificate_selectors
from ocop.certificates.models import Certificate
from ocop.certificates.status import status_q
from ocop.core.exceptions import DomainError, PermissionDeniedError
from ocop.core.http import public_cached
from ocop.criteria.models import CriteriaSet, ProductSet
from ocop.evaluation import selectors as evaluation_selectors
from ocop.geo.models import AdminUnit
from ocop.registry import selectors as registry_selectors
from ocop.registry import services as registry_services
from ocop.reports import selectors as report_selectors


class Pagination(LimitOffsetPagination):
    max_limit = 500


def call_service(function, **kwargs):
    """Run a domain service; a refusal becomes 403 (rights) or 400 (naming the field)."""
    try:
        return function(**kwargs)
    except PermissionDeniedError as error:
        raise PermissionDenied(str(error)) from error
    except DomainError as error:
        raise ValidationError({error.field or "non_field_errors": [str(error)]}) from error


# Codes and keys are letters, digits, "-", "_", "." and ":"; anything else never reaches the
# database (PostgreSQL refuses some characters, such as NUL, outright).
CODE_REGEX = r"[-\w.:]+"


class Filtered:
    """Query-parameter filters of a list: ``filter_class`` validates them; the plain ones
    (parameter -> ORM lookup in ``filter_lookups``) are applied here, the rest by the view."""

    filter_class: type | None = None
    filter_lookups: dict[str, str] = {}

    def filters(self) -> dict:
        if self.filter_class is None or self.action != "list":
            return {}
        return filters.parse(self.filter_class, self.request)

    def filtered(self, qs):
        """``qs`` with the plain filters applied, and every filter value for the rest."""
        f = self.filters()
        plain = {lookup: f[name] for name, lookup in self.filter_lookups.items() if name in f}
        return qs.filter(**plain), f


class ReadOnlyViewSet(
    Filtered, mixins.ListModelMixin, mixins.RetrieveModelMixin, viewsets.GenericViewSet
):
    """Records named in URLs by their public code (``{code}``)."""

    pagination_class = Pagination
    lookup_field = "public_code"
    lookup_url_kwarg = "code"
    lookup_value_regex = CODE_REGEX


@method_decorator(public_cached(depends_on=keyring.version), name="dispatch")
class PublicViewSet(ReadOnlyViewSet):
    """Public reference data and the certified list: answers to anonymous readers are kept per
    version of the data and answered "304 Not Modified" when unchanged (``ocop.core.http``)."""

    permission_classes = [AllowAny]


class ScopedViewSet(ReadOnlyViewSet):
    permission_classes = [IsAuthenticated]


# --- public reference data --------------------------------------------------------------------


@extend_schema_view(list=extend_schema(parameters=[filters.UnitFilter]))
class UnitViewSet(PublicViewSet):
    """Administrative units of both structures (before and from 1 July 2025)."""

    serializer_class = serializers.UnitSerializer
    filter_class = filters.UnitFilter
    filter_lookups = {"era": "era", "level": "level", "parent": "parent__key", "code": "code"}
    lookup_field = lookup_url_kwarg = "key"

    def get_queryset(self):
        qs, f = self.filtered(AdminUnit.objects.select_related("parent").order_by("path", "pk"))
        if "q" in f:
            qs = registry_selectors.search_filter(qs, f["q"])
        return qs


class CriteriaSetViewSet(PublicViewSet):
    """Criteria sets (bộ tiêu chí), one per legal instrument, with their frames and bands."""

    lookup_field = "code"

    def get_serializer_class(self):
        if self.action == "retrieve":
            return serializers.CriteriaSetDetailSerializer
        return serializers.CriteriaSetSerializer

    def get_queryset(self):
        qs = CriteriaSet.objects.order_by("-effective_from", "code")
        if self.action == "retrieve":
            sets = ProductSet.objects.select_related("criteria_set", "group").defer("sheet")
            qs = qs.prefetch_related(Prefetch("product_sets", queryset=sets))
        return qs


@extend_schema_view(list=extend_schema(parameters=[filters.ProductSetFilter]))
class ProductSetViewSet(PublicViewSet):
    """Product sets (bộ sản phẩm); the detail carries the full score sheet."""

    filter_class = filters.ProductSetFilter
    filter_lookups = {"criteria_set": "criteria_set__code", "number": "number"}
    lookup_field = lookup_url_kwarg = "key"

    def get_serializer_class(self):
        if self.action == "retrieve":
            return serializers.ProductSetSerializer
        return serializers.ProductSetBriefSerializer

    def get_queryset(self):
        qs = ProductSet.objects.select_related("criteria_set", "group")
        qs, f = self.filtered(qs.order_by("criteria_set__code", "number"))
        if "q" in f:
            qs = registry_selectors.search_filter(qs, f["q"])
        return qs

    def get_object(self):
        found = serializers.product_set_from_key(self.kwargs["key"])
        if found is None:
            raise Http404
        return found


# --- the registry (scoped) --------------------------------------------------------------------


def _relocate(view, request, service, **record):
    """The ``relocate`` action of products and producers: the registry service decides."""
    write = serializers.RelocateSerializer(data=request.data)
    write.is_valid(raise_exception=True)
    moved = call_service(service, actor=request.user, **record, **write.validated_data)
    return Response(view.get_serializer(moved).data)


def _archived(qs, flag):
    if flag is None:
        return qs
    return qs.filter(archived_at__isnull=not flag)


@extend_schema_view(
    list=extend_schema(parameters=[filters.ProducerFilter]),
    create=extend_schema(
        request=serializers.ProducerWriteSerializer, responses={201: serializers.ProducerSerializer}
    ),
    partial_update=extend_schema(
        request=serializers.ProducerWriteSerializer, responses=serializers.ProducerSerializer
    ),
)
class ProducerViewSet(mixins.CreateModelMixin, mixins.UpdateModelMixin, ScopedViewSet):
    """Producers (chủ thể OCOP) within the caller's scope."""

    serializer_class = serializers.ProducerSerializer
    filter_class = filters.ProducerFilter
    filter_lookups = {"tax_code": "tax_code"}
    http_method_names = ["get", "post", "patch", "head", "options"]

    def get_queryset(self):
        qs = registry_selectors.producers_visible_to(self.request.user)
        qs, f = self.filtered(qs.order_by("name", "pk"))
        if "unit" in f:
            qs = qs.filter(unit_q(f["unit"], "commune__", "province__"))
        if "q" in f:
            qs = registry_selectors.search_filter(qs, f["q"])
        return _archived(qs, f.get("archived"))

    def create(self, request, *args, **kwargs):
        write = serializers.ProducerWriteSerializer(data=request.data)
        write.is_valid(raise_exception=True)
        producer = call_service(
            registry_services.producer_create, actor=request.user, fields=dict(write.validated_data)
        )
        return Response(self.get_serializer(producer).data, status=status.HTTP_201_CREATED)

    def partial_update(self, request, *args, **kwargs):
        producer = self.get_object()
        write = serializers.ProducerWriteSerializer(data=request.data, partial=True)
        write.is_valid(raise_exception=True)
        producer = call_service(
            registry_services.producer_update,
            actor=request.user,
            producer=producer,
            fields=dict(write.validated_data),
        )
        return Response(self.get_serializer(producer).data)

    @extend_schema(request=serializers.RelocateSerializer, responses=serializers.ProducerSerializer)
    @action(detail=True, methods=["post"])
    def relocate(self, request, *args, **kwargs):
        """Move the producer to another commune (an officer covering both communes)."""
        return _relocate(
            self, request, registry_services.producer_relocate, producer=self.get_object()
        )


@extend_schema_view(
    list=extend_schema(parameters=[filters.ProductFilter]),
    create=extend_schema(
        request=serializers.ProductWriteSerializer, responses={201: serializers.ProductSerializer}
    ),
    partial_update=extend_schema(
        request=serializers.ProductWriteSerializer, responses=serializers.ProductSerializer
    ),
)
class ProductViewSet(mixins.CreateModelMixin, mixins.UpdateModelMixin, ScopedViewSet):
    """Products within the caller's scope; writes go through the registry services."""

    serializer_class = serializers.ProductSerializer
    filter_class = filters.ProductFilter
    filter_lookups = {"status": "status", "stars": "stars", "producer": "producer__public_code"}
    http_method_names = ["get", "post", "patch", "head", "options"]

    def get_queryset(self):
        qs = registry_selectors.products_visible_to(self.request.user)
        qs = qs.select_related("product_set__criteria_set").order_by("name", "pk")
        qs, f = self.filtered(qs)
        if "unit" in f:
            qs = qs.filter(unit_q(f["unit"], "origin_unit__", "province__"))
        if "product_set" in f:
            found = serializers.product_set_from_key(f["product_set"])
            qs = qs.filter(product_set=found) if found else qs.none()
        if "q" in f:
            qs = registry_selectors.search_filter(qs, f["q"])
        return _archived(qs, f.get("archived"))

    def create(self, request, *args, **kwargs):
        write = serializers.ProductWriteSerializer(data=request.data)
        write.is_valid(raise_exception=True)
        fields = dict(write.validated_data)
        producer = registry_selectors.producers_visible_to(request.user).filter(
            public_code=fields.pop("producer")
        )
        producer = producer.first()
        if producer is None:
            raise ValidationError(
                {"producer": [_("No producer with this code is within your reach.")]}
            )
        product = call_service(
            registry_services.product_create, actor=request.user, producer=producer, fields=fields
        )
        return Response(self.get_serializer(product).data, status=status.HTTP_201_CREATED)

    def partial_update(self, request, *args, **kwargs):
        product = self.get_object()
        write = serializers.ProductWriteSerializer(data=request.data, partial=True)
        write.is_valid(raise_exception=True)
        fields = dict(write.validated_data)
        if "producer" in fields and fields.pop("producer") != getattr(
            product.producer, "public_code", None
        ):
            raise ValidationError({"producer": [_("A product's producer cannot be changed here.")]})
        product = call_service(
            registry_services.product_update, actor=request.user, product=product, fields=fields
        )
        return Response(self.get_serializer(product).data)

    @extend_schema(request=serializers.RelocateSerializer, responses=serializers.ProductSerializer)
    @action(detail=True, methods=["post"])
    def relocate(self, request, *args, **kwargs):
        """Move the product to another commune of origin (an officer covering both communes)."""
        return _relocate(
            self, request, registry_services.product_relocate, product=self.get_object()
        )


@extend_schema_view(list=extend_schema(parameters=[filters.DocumentFilter]))
class DocumentViewSet(ScopedViewSet):
    """Evidence documents: metadata only; the file through the scoped download link."""

    serializer_class = serializers.DocumentSerializer
    filter_class = filters.DocumentFilter
    filter_lookups = {"producer": "producer__public_code", "doc_type": "doc_type"}

    def get_queryset(self):
        qs = registry_selectors.documents_visible_to(self.request.user)
        qs, f = self.filtered(qs.order_by("-issued_on", "title", "pk"))
        if "valid_on" in f:
            day = f["valid_on"]
            qs = qs.filter(archived_at__isnull=True).filter(
                Q(expires_on__isnull=True) | Q(expires_on__gte=day)
            )
        return qs


class DocumentDownloadView(APIView):
    """The file of a document within the caller's scope (404 otherwise)."""

    permission_classes = [IsAuthenticated]

    @extend_schema(responses={(200, "application/octet-stream"): OpenApiTypes.BINARY})
    def get(self, request, code: str):
        document = get_object_or_404(
            registry_selectors.documents_visible_to(request.user), public_code=code
        )
        try:
            handle = document.file.open("rb")
        except (FileNotFoundError, ValueError) as error:
            raise Http404 from error
        return FileResponse(
            handle,
            as_attachment=True,
            filename=document.original_name or document.file.name.rsplit("/", 1)[-1],
            content_type=document.content_type or "application/octet-stream",
        )


# --- evaluation (scoped) ----------------------------------------------------------------------


@extend_schema_view(list=extend_schema(parameters=[filters.RoundFilter]))
class RoundViewSet(ScopedViewSet):
    """Evaluation rounds (đợt đánh giá) organised in the caller's unit, or whose council the
    caller sits in."""

    serializer_class = serializers.RoundSerializer
    filter_class = filters.RoundFilter
    filter_lookups = {"year": "year", "level": "level", "status": "status"}

    def get_queryset(self):
        qs = evaluation_selectors.rounds_visible_to(self.request.user)
        return self.filtered(qs.order_by("-year", "-number", "pk"))[0]


@extend_schema_view(list=extend_schema(parameters=[filters.SheetFilter]))
class SheetViewSet(Filtered, mixins.ListModelMixin, viewsets.GenericViewSet):
    """Council members' score sheets: officials of the round's unit, the council's chair and
    secretary, and each member for their own; never producers."""

    serializer_class = serializers.SheetSerializer
    permission_classes = [IsAuthenticated]
    pagination_class = Pagination
    filter_class = filters.SheetFilter
    filter_lookups = {
        "round": "assignment__enrolment__round__public_code",
        "product": "assignment__enrolment__product__public_code",
        "status": "status",
    }

    def get_queryset(self):
        qs = evaluation_selectors.sheets_visible_to(self.request.user)
        qs = qs.select_related("assignment__enrolment__round").order_by(
            "assignment__enrolment_id", "assignment__member_id", "pk"
        )
        return self.filtered(qs)[0]


@extend_schema_view(list=extend_schema(parameters=[filters.ResultFilter]))
class ResultViewSet(ScopedViewSet):
    """Council results (mean total, stars, missed minimums) of the enrolments the caller may
    open, named by the enrolment's code."""

    serializer_class = serializers.ResultSerializer
    filter_class = filters.ResultFilter
    filter_lookups = {
        "round": "enrolment__round__public_code",
        "product": "enrolment__product__public_code",
        "final": "final",
    }
    lookup_field = "enrolment__public_code"

    def get_queryset(self):
        qs = evaluation_selectors.results_visible_to(self.request.user)
        qs = qs.select_related("criteria_set", "product_set__criteria_set").order_by(
            "enrolment__round_id", "enrolment_id"
        )
        return self.filtered(qs)[0]


# --- recognition records ---------------------------------------------------------------


@extend_schema_view(list=extend_schema(parameters=[filters.DecisionFilter]))
class DecisionViewSet(ScopedViewSet):
    """Recognition decisions (quyết định công nhận) issued in the caller's unit or carrying a
    certificate the caller may see."""

    serializer_class = serializers.DecisionSerializer
    filter_class = filters.DecisionFilter
    filter_lookups = {"year": "year", "level": "level"}

    def get_queryset(self):
        qs = certificate_selectors.decisions_visible_to(self.request.user)
        qs = qs.select_related("criteria_set")
        qs = qs.order_by("-year", "number", "pk")
        qs, f = self.filtered(qs)
        if "unit" in f:
            qs = qs.filter(unit_q(f["unit"], "unit__"))
        if "q" in f:
            qs = qs.filter(number__icontains=f["q"])
        return qs


@extend_schema_view(
    list=extend_schema(parameters=[filters.CertificateFilter]),
    retrieve=extend_schema(parameters=[filters.CertificateStatusQuery]),
)
class CertificateViewSet(PublicViewSet):
    """The certified list and each certificate's live status, for everyone."""

    serializer_class = serializers.CertificateSerializer
    filter_class = filters.CertificateFilter
    filter_lookups = {
        "stars": "stars",
        "year": "decision__year",
        "decision": "decision__public_code",
    }
    lookup_field = "code"

    def day(self):
        query = filters.parse(filters.CertificateStatusQuery, self.request)
        return query.get("on") or timezone.localdate()

    def get_serializer_context(self):
        return {**super().get_serializer_context(), "on": self.day()}

    def get_queryset(self):
        qs = Certificate.objects.select_related(
            "product__province", "product__origin_unit", "producer", "decision"
        ).order_by("-issued_on", "code")
        qs, f = self.filtered(qs)
        if "status" in f:
            qs = qs.filter(status_q(f["status"], self.day()))
        if "province" in f:
            qs = qs.filter(unit_q(f["province"], "product__province__"))
        if "q" in f:
            qs = registry_selectors.search_filter(qs, f["q"], field="product__name_folded")
        return qs

    def get_object(self):
        certificate = certificate_selectors.public_certificate(self.kwargs["code"])
        if certificate is None:
            raise Http404
        return certificate


# --- reports ----------------------------------------------------------------------------------


@method_decorator(public_cached, name="dispatch")
class SummaryView(APIView):
    """Recognised products, their producers and stars for a selection (public figures)."""

    permission_classes = [AllowAny]

    @extend_schema(parameters=[filters.SummaryFilter], responses=serializers.SummarySerializer)
    def get(self, request):
        f = filters.parse(filters.SummaryFilter, request)
        data = call_service(
            report_selectors.summary,
            province=f.get("province"),
            year=f.get("year"),
            decision=f.get("decision"),
            on=f.get("on"),
        )
        return Response(serializers.SummarySerializer(data).data)


# --- national roll-up -------------------------------------------------------------------------


class RollupCertificatesView(APIView):
    """Receive a province's certified list (upsert by certificate code, idempotent)."""

    permission_classes = [CanImport]

    @extend_schema(
        request=rollup.RollupBatchSerializer,
        responses={
            200: rollup.RollupOutcomeSerializer,
            400: OpenApiResponse(description="Invalid items, or an unknown unit."),
        },
    )
    def post(self, request):
        batch = rollup.RollupBatchSerializer(data=request.data)
        batch.is_valid(raise_exception=True)
        outcome = call_service(
            certificate_rollup.certificate_rollup_receive,
            actor=request.user,
            items=batch.validated_data["certificates"],
        )
        return Response(outcome)


# --- tokens -----------------------------------------------------------------------------------


class TokenThrottle(AnonRateThrottle):
    """Requests to the token endpoint per client address, counted in the shared (database)
    cache so every worker process sees the same count. The address is read as for the login
    limits (``ocop.accounts.client``): a forged ``X-Forwarded-For`` does not make a new client."""

    scope = "token"
    rate = "20/min"
    cache = caches["shared"]

    def get_ident(self, request):
        return client_ip(request) or "unknown"


class TokenView(ObtainAuthToken):
    """Exchange a username and password for the user's API token.

    The password is checked by ``authenticate(request=...)``, so the login limits (django-axes)
    count failures here exactly as on the login page; a locked account or address gets 429."""

    throttle_classes = [TokenThrottle]

    def post(self, request, *args, **kwargs):
        try:
            return super().post(request, *args, **kwargs)
        except ValidationError:
            if getattr(request, "axes_locked_out", False):
                until = lockout.retry_at(
                    username=str(request.data.get("username", "")), ip_address=client_ip(request)
                )
                wait = max(1, int((until - timezone.now()).total_seconds())) if until else None
                raise Throttled(
                    wait=wait, detail=_("Too many failed logins. Try again later.")
                ) from None
            raise


# --- the readable page of the OpenAPI document ------------------------------------------------


def docs(request):
    """Every operation with its parameters, rendered by the server (no outside assets)."""
    document = openapi_document()
    return render(
        request,
        "api/docs.html",
        {"info": document["info"], "operations": operations(document)},
    )
