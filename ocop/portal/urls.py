from django.urls import path

from ocop.portal import views

app_name = "portal"

urlpatterns = [
    path("", views.home, name="home"),
    path("bang-dieu-khien/", views.dashboard, name="dashboard"),
    path("san-pham/", views.catalogue, name="catalogue"),
    path("san-pham/<str:code>/", views.product_detail, name="product"),
    path("san-pham/<str:code>/anh/<int:photo>/", views.product_photo, name="product_photo"),
    path("healthz", views.healthz, name="healthz"),
]
