from django.urls import path

from ocop.certificates import verify_views, views

app_name = "certificates"

urlpatterns = [
    path("chung-nhan/", views.certificates, name="certificates"),
    path("chung-nhan/quyet-dinh/", views.decisions, name="decisions"),
    path("chung-nhan/quyet-dinh/moi/", views.decision_create, name="decision_create"),
    path("chung-nhan/quyet-dinh/<str:code>/", views.decision_detail, name="decision"),
    path("chung-nhan/<str:code>/", views.certificate_detail, name="certificate"),
    path("chung-nhan/<str:code>/pdf/", views.certificate_pdf, name="certificate_pdf"),
    path("chung-nhan/<str:code>/thu-hoi/", views.revoke, name="revoke"),
    path(
        "chung-nhan/<str:code>/danh-gia-lai/",
        views.reevaluation_start,
        name="reevaluation_start",
    ),
    path("chung-nhan/<str:code>/qr.svg", verify_views.certificate_qr_svg, name="qr_svg"),
    path("chung-nhan/<str:code>/qr.png", verify_views.certificate_qr_png, name="qr_png"),
    path("chung-nhan/nhan/<str:code>.pdf", verify_views.producer_labels, name="producer_labels"),
    path("v/", verify_views.verify_lookup, name="verify_lookup"),
    path("v/<str:code>.json", verify_views.verify_json, name="verify_json"),
    path("v/<str:code>", verify_views.verify, name="verify"),
    path(".well-known/ocop-keys.json", verify_views.published_keys, name="published_keys"),
]
