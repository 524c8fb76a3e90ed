from django.urls import path

from ocop.criteria import views

app_name = "criteria"

urlpatterns = [
    path("", views.index, name="index"),
    path("tu-danh-gia/", views.self_assess_choose, name="self_assess_choose"),
    path("<str:code>/", views.criteria_set_detail, name="criteria_set"),
    path("<str:code>/<int:number>/", views.sheet_detail, name="sheet"),
    path("<str:code>/<int:number>/tu-danh-gia/", views.self_assess, name="self_assess"),
]
