from django.contrib import admin

from ocop.geo.models import AdminUnit, UnitSuccession


@admin.register(AdminUnit)
class AdminUnitAdmin(admin.ModelAdmin):
    list_display = ["full_name", "code", "era", "level", "valid_from", "valid_to"]
    list_filter = ["era", "level", "unit_type"]
    search_fields = ["name", "name_folded", "code"]
    raw_id_fields = ["parent"]


@admin.register(UnitSuccession)
class UnitSuccessionAdmin(admin.ModelAdmin):
    list_display = ["predecessor", "successor", "kind", "effective_on", "is_primary"]
    list_filter = ["kind"]
    raw_id_fields = ["predecessor", "successor"]
