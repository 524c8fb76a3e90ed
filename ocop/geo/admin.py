from django.contrib import admin

from ocop.geo.models import AdminUnit, UnitAlias, UnitSnapshot, UnitSuccession
from ocop.geo.names import name_key, split_prefix


class SuccessionInline(admin.TabularInline):
    model = UnitSuccession
    fk_name = "predecessor"
    raw_id_fields = ["successor"]
    extra = 0
    verbose_name_plural = UnitSuccession._meta.verbose_name_plural


class AliasInline(admin.TabularInline):
    model = UnitAlias
    extra = 0


@admin.register(AdminUnit)
class AdminUnitAdmin(admin.ModelAdmin):
    list_display = ["full_name", "code", "era", "level", "path", "valid_from", "valid_to"]
    list_filter = ["era", "level", "unit_type"]
    search_fields = ["name", "code"]
    raw_id_fields = ["parent"]
    readonly_fields = ["key", "path", "current_path", "name_folded"]
    inlines = [SuccessionInline, AliasInline]

    def get_readonly_fields(self, request, obj=None):
        # the place of a loaded unit in its tree is fixed: its code and parent make its path
        fixed = ["era", "level", "code", "parent"] if obj is not None else []
        return [*self.readonly_fields, *fixed]

    def get_search_results(self, request, queryset, search_term):
        """Also match names without diacritics or with a prefix ("tp hoa binh")."""
        results, may_have_duplicates = super().get_search_results(request, queryset, search_term)
        if search_term:
            _, rest = split_prefix(search_term)
            folded = queryset.filter(name_folded__contains=name_key(rest))
            results = results | folded
        return results, may_have_duplicates


@admin.register(UnitSuccession)
class UnitSuccessionAdmin(admin.ModelAdmin):
    list_display = ["predecessor", "successor", "kind", "effective_on", "is_primary"]
    list_filter = ["kind", "is_primary"]
    list_select_related = ["predecessor", "successor"]
    search_fields = ["predecessor__code", "successor__code", "predecessor__name_folded"]
    raw_id_fields = ["predecessor", "successor"]


@admin.register(UnitSnapshot)
class UnitSnapshotAdmin(admin.ModelAdmin):
    list_display = ["__str__", "loaded_at", "digest"]
    readonly_fields = ["digest", "sources", "counts", "loaded_at"]

    def has_add_permission(self, request):
        return False

    def has_change_permission(self, request, obj=None):
        return False
