"""Registry pages that sit in the accounts area (/tai-khoan/de-nghi/...)."""

from django.urls import path

from ocop.registry.views import account_requests

app_name = "account_requests"

urlpatterns = [
    path("<int:pk>/xac-nhan/", account_requests.confirm, name="confirm"),
]
