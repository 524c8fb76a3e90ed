"""Registry records are read-only in the admin: every change goes through ``services`` (checked,
audited), i.e. through the /quan-ly/ pages, the API or the import commands."""

from django.contrib import admin
from django.db import models

from ocop.registry.models import Document, Dossier, Producer, Product


class ReadOnlyAdmin(admin.ModelAdmin):
    def has_add_permission(self, request):
        return False

    def has_change_permission(self, request, obj=None):
        return False

    def has_delete_permission(self, request, obj=None):
        return False


@admin.register(Producer)
class ProducerAdmin(ReadOnlyAdmin):
    list_display = ["name", "legal_form", "tax_code", "province", "archived_at"]
    list_filter = ["legal_form"]
    search_fields = ["name", "name_folded", "tax_code"]
    formfield_overrides = {models.URLField: {"assume_scheme": "https"}}


@admin.register(Product)
class ProductAdmin(ReadOnlyAdmin):
    list_display = ["name", "producer", "status", "stars", "province"]
    list_filter = ["status", "stars"]
    search_fields = ["name", "name_folded"]
    list_select_related = ["producer", "province"]


@admin.register(Document)
class DocumentAdmin(ReadOnlyAdmin):
    list_display = ["title", "doc_type", "producer", "issued_on", "expires_on"]
    list_filter = ["doc_type"]
    list_select_related = ["producer"]
    exclude = ["file"]  # files are downloaded through the scoped view only


@admin.register(Dossier)
class DossierAdmin(ReadOnlyAdmin):
    list_display = ["product", "kind", "status", "submitted_at"]
    list_filter = ["kind", "status"]
    list_select_related = ["product"]
