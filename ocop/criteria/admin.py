"""Criteria sets come from the data files: the admin shows them and can reload the files.

Editing a row here would be overwritten by the next load, so the rows are read-only;
change the YAML files and load them (``ocop criteria load`` or the action below).
"""

from django.contrib import admin, messages
from django.utils.translation import gettext_lazy as _

from ocop.core.exceptions import DomainError
from ocop.criteria.models import CriteriaSet, ProductGroup, ProductSet
from ocop.criteria.services import criteria_load


class ReadOnlyAdmin(admin.ModelAdmin):
    def has_add_permission(self, request):
        return False

    def has_change_permission(self, request, obj=None):
        return False

    def has_delete_permission(self, request, obj=None):
        return False


@admin.register(CriteriaSet)
class CriteriaSetAdmin(ReadOnlyAdmin):
    list_display = ["code", "title_vi", "issued_on", "effective_from", "effective_to", "has_sheets"]
    actions = ["reload"]

    @admin.action(
        description=_("Reload every criteria set from the data files"),
        permissions=["reload"],
    )
    def reload(self, request, queryset):
        try:
            report = criteria_load(actor=request.user)
        except DomainError as exc:
            self.message_user(request, str(exc), messages.ERROR)
            return
        changed = ", ".join(report.created + report.updated) or "-"
        self.message_user(
            request, _("Criteria sets loaded or changed: %(codes)s") % {"codes": changed}
        )

    def has_reload_permission(self, request):
        return request.user.is_superuser


@admin.register(ProductGroup)
class ProductGroupAdmin(ReadOnlyAdmin):
    list_display = ["code", "name_vi", "parent", "criteria_set"]
    list_filter = ["criteria_set"]
    list_select_related = ["parent", "criteria_set"]
    search_fields = ["code", "name_vi", "name_en"]


@admin.register(ProductSet)
class ProductSetAdmin(ReadOnlyAdmin):
    list_display = ["number", "name_vi", "criteria_set", "group", "lead_ministry_vi"]
    list_filter = ["criteria_set"]
    list_select_related = ["criteria_set", "group"]
    search_fields = ["name_vi", "name_en", "slug"]
    exclude = ["sheet"]
