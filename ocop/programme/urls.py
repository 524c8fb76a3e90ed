from django.urls import path

from ocop.programme.views import inspections, misuse, plans

app_name = "programme"

urlpatterns: list = [
    # inspections after recognition (hậu kiểm)
    path("hau-kiem/", inspections.plans, name="inspection_plans"),
    path("hau-kiem/ke-hoach/<str:code>/", inspections.plan_detail, name="inspection_plan"),
    path("hau-kiem/ke-hoach/<str:code>/chon/", inspections.plan_select, name="inspection_select"),
    path("hau-kiem/ke-hoach/<str:code>/them/", inspections.visit_add, name="inspection_visit_add"),
    path("hau-kiem/luot/<str:code>/", inspections.visit_detail, name="inspection_visit"),
    path("hau-kiem/luot/<str:code>/bat-dau/", inspections.visit_start, name="inspection_start"),
    path(
        "hau-kiem/luot/<str:code>/noi-dung/",
        inspections.visit_checklist,
        name="inspection_checklist",
    ),
    path("hau-kiem/luot/<str:code>/phat-hien/", inspections.finding_add, name="inspection_finding"),
    path(
        "hau-kiem/luot/<str:code>/phat-hien/<int:finding>/tep/",
        inspections.finding_file,
        name="inspection_finding_file",
    ),
    path("hau-kiem/luot/<str:code>/khac-phuc/", inspections.action_add, name="inspection_action"),
    path(
        "hau-kiem/luot/<str:code>/khac-phuc/<int:action>/",
        inspections.action_move,
        name="inspection_action_move",
    ),
    path("hau-kiem/luot/<str:code>/ket-luan/", inspections.visit_close, name="inspection_close"),
    # misuse reports from the public (phản ánh)
    path("phan-anh/", misuse.report, name="misuse_report"),
    path("phan-anh/tra-cuu/", misuse.status, name="misuse_status"),
    path("phan-anh/vu-viec/", misuse.cases, name="misuse_cases"),
    path("phan-anh/vu-viec/<str:code>/", misuse.case_detail, name="misuse_case"),
    path("phan-anh/vu-viec/<str:code>/xu-ly/", misuse.case_move, name="misuse_case_move"),
    path("phan-anh/vu-viec/<str:code>/anh/", misuse.case_photo, name="misuse_case_photo"),
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
