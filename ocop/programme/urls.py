from django.urls import path  # noqa: F401

from ocop.programme.views import plans

app_name = "programme"

urlpatterns: list = [
    path("ke-hoach/", plans.plan_list, name="plan_list"),
    path("ke-hoach/moi/", plans.plan_create, name="plan_create"),
    path("ke-hoach/<str:code>/", plans.plan_detail, name="plan_detail"),
    path("ke-hoach/<str:code>/sua/", plans.plan_edit, name="plan_edit"),
    path("ke-hoach/<str:code>/van-ban/", plans.plan_text, name="plan_text"),
    path("ke-hoach/<str:code>/chi-tieu/", plans.plan_targets, name="plan_targets"),
    path("ke-hoach/<str:code>/moc/", plans.plan_milestone_add, name="plan_milestone_add"),
    path(
        "ke-hoach/<str:code>/moc/<int:pk>/danh-dau/",
        plans.plan_milestone_mark,
        name="plan_milestone_mark",
    ),
    path(
        "ke-hoach/<str:code>/moc/<int:pk>/xoa/",
        plans.plan_milestone_remove,
        name="plan_milestone_remove",
    ),
    path("ke-hoach/<str:code>/tien-do/", plans.plan_progress_page, name="plan_progress"),
    path(
        "ke-hoach/<str:code>/tien-do.xlsx", plans.plan_progress_export, name="plan_progress_export"
    ),
    path("don-vi/", plans.plan_dashboard, name="plan_dashboard"),
]
