"""The admin is for administrators (superusers) only: officers, even with ``is_staff``, work
through the pages, where every write goes through a service that checks their scope."""

from django.contrib import admin
from django.contrib.admin.apps import AdminConfig


class OcopAdminSite(admin.AdminSite):
    def has_permission(self, request) -> bool:
        user = request.user
        return user.is_active and user.is_superuser


class OcopAdminConfig(AdminConfig):
    default_site = "ocop.accounts.admin_site.OcopAdminSite"
