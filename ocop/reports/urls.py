from django.urls import path, re_path

from ocop.reports import views

app_name = "reports"

urlpatterns = [
    path("", views.index, name="index"),
    re_path(r"^xuat/(?P<what>[a-z-]+)\.(?P<fmt>xlsx|csv)$", views.export, name="export"),
    re_path(r"^du-lieu-mo/chung-nhan\.(?P<fmt>xlsx|csv)$", views.open_data, name="open_data"),
    path("nhap/", views.import_upload, name="import"),
    path("nhap/mau/<slug:kind>.xlsx", views.import_template, name="import_template"),
]
