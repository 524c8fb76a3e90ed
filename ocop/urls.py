from django.contrib import admin
from django.urls import include, path

from ocop.core.views import switch_language

urlpatterns = [
    path("", include("ocop.portal.urls")),
    path("tai-khoan/", include("ocop.accounts.urls")),
    path("thong-bao/", include("ocop.notifications.urls")),
    path("tai-khoan/de-nghi/", include("ocop.registry.account_urls")),
    path("don-vi/", include("ocop.geo.urls")),
    path("quan-ly/", include("ocop.registry.urls")),
    path("tieu-chi/", include("ocop.criteria.urls")),
    path("danh-gia/", include("ocop.evaluation.urls")),
    path("", include("ocop.certificates.urls")),
    path("chuong-trinh/", include("ocop.programme.urls")),
    path("", include("ocop.outreach.urls")),
    path("bao-cao/", include("ocop.reports.urls")),
    path("api/v1/", include("ocop.api.urls")),
    path("i18n/", include("django.conf.urls.i18n")),
    path("ngon-ngu/<str:code>/", switch_language, name="switch_language"),
    path("admin/", admin.site.urls),
]

handler403 = "ocop.core.views.permission_denied"
handler404 = "ocop.core.views.not_found"
handler500 = "ocop.core.views.server_error"
