from django.contrib.auth import views as auth_views
from django.urls import path, reverse_lazy

from ocop.accounts import manage_views, views

app_name = "accounts"

urlpatterns = [
    path("dang-nhap/", views.LoginView.as_view(), name="login"),
    path("dang-xuat/", auth_views.LogoutView.as_view(), name="logout"),
    path("cua-toi/", views.me, name="me"),
    path("xac-thuc-hai-buoc/", views.second_factor_setup, name="second_factor"),
    path("bi-khoa/", views.lockout_list, name="lockouts"),
    path("bi-khoa/mo-khoa/", views.lockout_clear, name="lockout_clear"),
    # accounts of the officer's scope
    path("danh-sach/", manage_views.account_list, name="account_list"),
    path("tao-moi/", manage_views.account_create, name="account_create"),
    path("<int:pk>/", manage_views.account_detail, name="account_detail"),
    path("<int:pk>/moi/", manage_views.account_invite, name="account_invite"),
    path("<int:pk>/khoa/", manage_views.account_deactivate, name="account_deactivate"),
    path("<int:pk>/mo-lai/", manage_views.account_reactivate, name="account_reactivate"),
    path("<int:pk>/cap-vai-tro/", manage_views.role_grant, name="role_grant"),
    path("vai-tro/<int:pk>/thu-hoi/", manage_views.role_revoke, name="role_revoke"),
    # producers ask for an account; the commune's queue
    path("de-nghi/", manage_views.account_request_new, name="request_new"),
    path("de-nghi/da-gui/", manage_views.account_request_sent, name="request_sent"),
    path("de-nghi/hang-cho/", manage_views.request_list, name="requests"),
    path("de-nghi/<int:pk>/tu-choi/", manage_views.request_reject, name="request_reject"),
    # choosing a password: the invitation's link and "forgot my password"
    path(
        "mat-khau/quen/",
        auth_views.PasswordResetView.as_view(
            template_name="accounts/password_reset.html",
            email_template_name="accounts/mail/password_reset.txt",
            subject_template_name="accounts/mail/password_reset_subject.txt",
            success_url=reverse_lazy("accounts:password_reset_done"),
        ),
        name="password_reset",
    ),
    path(
        "mat-khau/da-gui/",
        auth_views.PasswordResetDoneView.as_view(template_name="accounts/password_reset_done.html"),
        name="password_reset_done",
    ),
    path(
        "mat-khau/dat/<uidb64>/<token>/",
        auth_views.PasswordResetConfirmView.as_view(
            template_name="accounts/password_set.html",
            success_url=reverse_lazy("accounts:password_reset_complete"),
        ),
        name="password_reset_confirm",
    ),
    path(
        "mat-khau/xong/",
        auth_views.PasswordResetCompleteView.as_view(
            template_name="accounts/password_set_done.html"
        ),
        name="password_reset_complete",
    ),
]
