"""The REST API, version 1, with its OpenAPI 3 document at ``openapi.json``."""

from django.urls import include, path
from drf_spectacular.views import SpectacularJSONAPIView
from rest_framework.routers import SimpleRouter

from ocop.api import plans, progress_rollup, views
from ocop.api.schema import SCHEMA_SETTINGS

app_name = "api"

router = SimpleRouter()
router.register("units", views.UnitViewSet, basename="unit")
router.register("criteria-sets", views.CriteriaSetViewSet, basename="criteria-set")
router.register("product-sets", views.ProductSetViewSet, basename="product-set")
router.register("producers", views.ProducerViewSet, basename="producer")
router.register("products", views.ProductViewSet, basename="product")
router.register("documents", views.DocumentViewSet, basename="document")
router.register("rounds", views.RoundViewSet, basename="round")
router.register("sheets", views.SheetViewSet, basename="sheet")
router.register("results", views.ResultViewSet, basename="result")
router.register("decisions", views.DecisionViewSet, basename="decision")
router.register("certificates", views.CertificateViewSet, basename="certificate")
router.register("plans", plans.PlanViewSet, basename="plan")

urlpatterns = [
    path(
        "openapi.json",
        SpectacularJSONAPIView.as_view(custom_settings=SCHEMA_SETTINGS),
        name="schema",
    ),
    path("docs/", views.docs, name="docs"),
    path("auth/token/", views.TokenView.as_view(), name="token"),
    path(
        "documents/<slug:code>/download/",
        views.DocumentDownloadView.as_view(),
        name="document-download",
    ),
    path("reports/summary/", views.SummaryView.as_view(), name="report-summary"),
    path(
        "rollup/certificates/",
        views.RollupCertificatesView.as_view(),
        name="rollup-certificates",
    ),
    path(
        "rollup/progress/",
        progress_rollup.RollupProgressView.as_view(),
        name="rollup-progress",
    ),
    path("", include(router.urls)),
]
