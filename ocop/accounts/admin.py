from django.contrib import admin
from django.contrib.auth.admin import UserAdmin as BaseUserAdmin

from ocop.accounts.models import RoleAssignment, User


class RoleInline(admin.TabularInline):
    model = RoleAssignment
    extra = 0
    raw_id_fields = ["unit", "producer"]


@admin.register(User)
class UserAdmin(BaseUserAdmin):
    inlines = [RoleInline]
    list_display = ["username", "full_name", "email", "is_staff", "is_active"]
    fieldsets = (*BaseUserAdmin.fieldsets, ("OCOP", {"fields": ("full_name", "phone")}))


@admin.register(RoleAssignment)
class RoleAssignmentAdmin(admin.ModelAdmin):
    list_display = ["user", "role", "unit", "producer", "active"]
    list_filter = ["role", "active"]
    raw_id_fields = ["user", "unit", "producer"]
