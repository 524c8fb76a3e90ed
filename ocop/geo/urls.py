from django.urls import path

from ocop.geo import views

app_name = "geo"

urlpatterns = [
    path("", views.browse, name="browse"),
    path("tim/", views.suggest, name="suggest"),
    path("<str:era>/<str:code>/", views.unit_detail, name="unit"),
]
