from django.urls import path

from ocop.portal import catalogue, open_data, views

app_name = "portal"

urlpatterns = [
    path("", views.home, name="home"),
    path("bang-dieu-khien/", views.dashboard, name="dashboard"),
    path("san-pham/", catalogue.catalogue, name="catalogue"),
    path("san-pham/<str:code>/", catalogue.product_detail, name="product"),
    path("san-pham/<str:code>/anh/<int:photo>/", catalogue.product_photo, name="product_photo"),
    path("chu-the/<str:code>/", catalogue.producer_detail, name="producer"),
    path("don-vi/<str:era>/<str:code>/san-pham/", catalogue.unit_products, name="unit_products"),
    path("open-data/", open_data.index, name="open_data"),
    path("open-data/catalog.jsonld", open_data.dcat, name="open_data_dcat"),
    path("open-data/certified-products.<str:fmt>", open_data.certified, name="open_data_certified"),
    path("healthz", views.healthz, name="healthz"),
]
