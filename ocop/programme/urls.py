from django.urls import path  # noqa: F401

from ocop.programme.views import followup, support, training

app_name = "programme"

urlpatterns: list = []

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
