from django.contrib import admin

from ocop.criteria.models import CriteriaSet, ProductGroup, ProductSet


@admin.register(CriteriaSet)
class CriteriaSetAdmin(admin.ModelAdmin):
    list_display = ["code", "issued_on", "effective_from", "effective_to", "has_sheets"]


@admin.register(ProductGroup)
class ProductGroupAdmin(admin.ModelAdmin):
    list_display = ["code", "name_vi", "criteria_set"]
    list_filter = ["criteria_set"]


@admin.register(ProductSet)
class ProductSetAdmin(admin.ModelAdmin):
    list_display = ["number", "name_vi", "criteria_set", "lead_ministry_vi"]
    list_filter = ["criteria_set"]
    exclude = ["sheet"]
