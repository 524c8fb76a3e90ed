from django.contrib import admin

from ocop.reports.models import ImportBatch


@admin.register(ImportBatch)
class ImportBatchAdmin(admin.ModelAdmin):
    """Imports are a record of what happened: read-only here."""

    list_display = ["created_at", "kind", "file_name", "rows", "actor"]
    list_filter = ["kind"]
    search_fields = ["file_name", "sha256"]

    def has_add_permission(self, request):
        return False

    def has_change_permission(self, request, obj=None):
        return False

    def has_delete_permission(self, request, obj=None):
        return False
