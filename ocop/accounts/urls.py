from django.contrib.auth import views as auth_views
from django.urls import path

from ocop.accounts import views

app_name = "accounts"

urlpatterns = [
    path("dang-nhap/", views.LoginView.as_view(), name="login"),
    path("dang-xuat/", auth_views.LogoutView.as_view(), name="logout"),
    path("cua-toi/", views.me, name="me"),
    path("xac-thuc-hai-buoc/", views.second_factor_setup, name="second_factor"),
    path("bi-khoa/", views.lockout_list, name="lockouts"),
    path("bi-khoa/mo-khoa/", views.lockout_clear, name="lockout_clear"),
]
