from django.urls import path

from ocop.registry import views

app_name = "registry"

urlpatterns = [
    path("chu-the/", views.producer_list, name="producer_list"),
    path("chu-the/them/", views.producer_create, name="producer_create"),
    path("chu-the/<str:code>/", views.producer_detail, name="producer_detail"),
    path("chu-the/<str:code>/sua/", views.producer_edit, name="producer_edit"),
    path("chu-the/<str:code>/luu-tru/", views.producer_archive, name="producer_archive"),
    path("chu-the/<str:code>/chuyen-dia-ban/", views.producer_relocate, name="producer_relocate"),
    path("chu-the/<str:code>/them-san-pham/", views.product_create, name="product_create"),
    path("chu-the/<str:code>/tai-len/", views.document_upload, name="document_upload"),
    path("san-pham/", views.product_list, name="product_list"),
    path("san-pham/<str:code>/", views.product_detail, name="product_detail"),
    path("san-pham/<str:code>/sua/", views.product_edit, name="product_edit"),
    path("san-pham/<str:code>/luu-tru/", views.product_archive, name="product_archive"),
    path("san-pham/<str:code>/chuyen-dia-ban/", views.product_relocate, name="product_relocate"),
    path("san-pham/<str:code>/gui/", views.product_submit, name="product_submit"),
    path("san-pham/<str:code>/them-anh/", views.product_photo_add, name="product_photo_add"),
    path("san-pham/<str:code>/anh/<int:photo>/", views.product_photo, name="product_photo"),
    path(
        "san-pham/<str:code>/anh/<int:photo>/<slug:action>/",
        views.product_photo_change,
        name="product_photo_change",
    ),
    path("san-pham/<str:code>/noi-ban/them/", views.outlet_add, name="outlet_add"),
    path(
        "san-pham/<str:code>/noi-ban/<int:outlet>/<slug:action>/",
        views.outlet_change,
        name="outlet_change",
    ),
    path("san-pham/<str:code>/tao-ho-so/", views.dossier_create, name="dossier_create"),
    path("tai-lieu/", views.document_list, name="document_list"),
    path("tai-lieu/<str:code>/", views.document_detail, name="document_detail"),
    path("tai-lieu/<str:code>/tai-ve/", views.document_download, name="document_download"),
    path("tai-lieu/<str:code>/luu-tru/", views.document_archive, name="document_archive"),
    path("ho-so/", views.dossier_list, name="dossier_list"),
    path("ho-so/<str:code>/", views.dossier_detail, name="dossier_detail"),
    path("ho-so/<str:code>/dinh-kem/", views.dossier_attach, name="dossier_attach"),
    path("ho-so/<str:code>/tai-len/", views.dossier_upload, name="dossier_upload"),
    path("ho-so/<str:code>/go/<str:document>/", views.dossier_detach, name="dossier_detach"),
    path("ho-so/<str:code>/gui/", views.dossier_submit, name="dossier_submit"),
    path("ho-so/<str:code>/tham-dinh/", views.dossier_review, name="dossier_review"),
]
