from django.urls import path

from ocop.evaluation import sheet_views, views

app_name = "evaluation"

urlpatterns = [
    path("", views.rounds, name="rounds"),
    path("dot/moi/", views.round_create, name="round_create"),
    path("ket-qua-cho-chot/", views.results_queue, name="results_queue"),
    path("dot/<str:code>/", views.round_detail, name="round"),
    path("dot/<str:code>/sua/", views.round_edit, name="round_edit"),
    path("dot/<str:code>/huy-bo/", views.round_cancel, name="round_cancel"),
    path("dot/<str:code>/hoi-dong/", views.council, name="council"),
    path("dot/<str:code>/ghi-danh/", views.enrol, name="enrol"),
    path("dot/<str:code>/phan-cong/", views.round_assign, name="round_assign"),
    path("dot/<str:code>/<slug:action>/", views.round_action, name="round_action"),
    path("phieu-cua-toi/", sheet_views.my_sheets, name="my_sheets"),
    path("ho-so/<str:code>/", views.enrolment_detail, name="enrolment"),
    path("ho-so/<str:code>/phan-cong/", views.assign, name="assign"),
    path("ho-so/<str:code>/ket-qua/", views.result, name="result"),
    path("ho-so/<str:code>/phieu/", sheet_views.sheet, name="sheet"),
    path("ho-so/<str:code>/phieu/xem-truoc/", sheet_views.sheet_preview, name="sheet_preview"),
    path("ho-so/<str:code>/phieu/luu-nhap/", sheet_views.sheet_autosave, name="sheet_autosave"),
    path(
        "ho-so/<str:code>/tai-lieu/<str:document>/",
        sheet_views.dossier_document,
        name="document",
    ),
    path("ho-so/<str:code>/phieu/<int:member_id>/in/", sheet_views.sheet_print, name="sheet_print"),
    path(
        "ho-so/<str:code>/phieu/<int:member_id>/mo-lai/",
        sheet_views.sheet_reopen,
        name="sheet_reopen",
    ),
    path("san-pham/<str:code>/", views.product_history, name="history"),
]
