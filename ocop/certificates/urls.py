from django.urls import path

from ocop.certificates import views

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
    path("v/<str:code>.json", views.verify_json, name="verify_json"),
    path("v/<str:code>", views.verify, name="verify"),
]
