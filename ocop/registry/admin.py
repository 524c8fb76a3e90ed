from django.contrib import admin

from ocop.registry.models import Document, Dossier, Producer, Product


@admin.register(Producer)
class ProducerAdmin(admin.ModelAdmin):
    list_display = ["name", "legal_form", "tax_code", "province", "archived_at"]
    list_filter = ["legal_form"]
    search_fields = ["name", "name_folded", "tax_code"]
    raw_id_fields = ["commune", "province"]
    readonly_fields = ["public_code"]


@admin.register(Product)
class ProductAdmin(admin.ModelAdmin):
    list_display = ["name", "producer", "status", "stars", "province"]
    list_filter = ["status", "stars"]
    search_fields = ["name", "name_folded"]
    raw_id_fields = ["producer", "origin_unit", "province", "product_set", "created_by"]
    readonly_fields = ["public_code", "status", "stars"]


@admin.register(Document)
class DocumentAdmin(admin.ModelAdmin):
    list_display = ["title", "doc_type", "producer", "issued_on", "expires_on"]
    list_filter = ["doc_type"]
    raw_id_fields = ["producer", "uploaded_by"]
    readonly_fields = ["public_code", "sha256", "size", "content_type"]


@admin.register(Dossier)
class DossierAdmin(admin.ModelAdmin):
    list_display = ["product", "kind", "status", "submitted_at"]
    list_filter = ["kind", "status"]
    raw_id_fields = ["product", "previous_certificate", "reviewed_by", "criteria_set"]
    readonly_fields = ["public_code", "status"]
