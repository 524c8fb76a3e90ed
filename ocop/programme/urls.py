from django.urls import path

from ocop.programme.views import followup, home, inspections, misuse, plans, support, training

app_name = "programme"

urlpatterns: list = [
    path("", home.home, name="home"),
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

# training, support for promising products, follow-up by units
urlpatterns += [
    path("tap-huan/", training.training_list, name="training_list"),
    path("tap-huan/moi/", training.training_create, name="training_create"),
    path("tap-huan/<str:code>/", training.training_detail, name="training_detail"),
    path("tap-huan/<str:code>/sua/", training.training_edit, name="training_edit"),
    path("tap-huan/<str:code>/moi-hoc-vien/", training.training_invite, name="training_invite"),
    path(
        "tap-huan/<str:code>/diem-danh/", training.training_attendance, name="training_attendance"
    ),
    path("ho-tro/", support.support_index, name="support_index"),
    path("ho-tro/nguon/moi/", support.source_create, name="source_create"),
    path("ho-tro/nguon/<str:code>/", support.source_detail, name="source_detail"),
    path("ho-tro/nguon/<str:code>/sua/", support.source_edit, name="source_edit"),
    path("ho-tro/cap/moi/", support.allocation_create, name="allocation_create"),
    path("ho-tro/cap/<str:code>/", support.allocation_detail, name="allocation_detail"),
    path("ho-tro/cap/<str:code>/chuyen/", support.allocation_move, name="allocation_move"),
    path("theo-doi/can-bo/", followup.officer_list, name="officer_list"),
    path("theo-doi/can-bo/giao/", followup.officer_assign, name="officer_assign"),
    path("theo-doi/can-bo/<int:pk>/thoi/", followup.officer_end, name="officer_end"),
    path("theo-doi/bao-cao/", followup.report_list, name="report_list"),
    path("theo-doi/bao-cao/moi/", followup.report_create, name="report_create"),
    path("theo-doi/bao-cao/<str:code>/", followup.report_detail, name="report_detail"),
    path("theo-doi/bao-cao/<str:code>/sua/", followup.report_edit, name="report_edit"),
    path("theo-doi/bao-cao/<str:code>/nop/", followup.report_submit, name="report_submit"),
    path("theo-doi/bao-cao/<str:code>/tra-loi/", followup.report_answer, name="report_answer"),
    path("theo-doi/bao-cao/<str:code>/dong/", followup.report_close, name="report_close"),
    path("theo-doi/bao-cao/<str:code>/docx/", followup.report_docx_view, name="report_docx"),
    path("theo-doi/bao-cao/<str:code>/xlsx/", followup.report_xlsx_view, name="report_xlsx"),
]
