from django.contrib import admin

from ocop.certificates.models import Certificate, RecognitionDecision


@admin.register(RecognitionDecision)
class RecognitionDecisionAdmin(admin.ModelAdmin):
    list_display = ["number", "decided_on", "level", "unit", "source"]
    list_filter = ["level", "source", "year"]
    search_fields = ["number"]
    raw_id_fields = ["unit", "round", "criteria_set"]


@admin.register(Certificate)
class CertificateAdmin(admin.ModelAdmin):
    list_display = ["code", "product", "stars", "issued_on", "expires_on", "revoked"]
    list_filter = ["stars", "revoked"]
    search_fields = ["code", "product__name"]
    raw_id_fields = ["product", "producer", "decision", "result", "previous"]
    readonly_fields = ["code", "signature"]
