from django.contrib import admin

from ocop.evaluation.models import Council, CouncilMember, Enrolment, Result, Round


@admin.register(Round)
class RoundAdmin(admin.ModelAdmin):
    list_display = ["__str__", "level", "unit", "year", "number", "status"]
    list_filter = ["level", "status", "year"]
    raw_id_fields = ["unit"]


class MemberInline(admin.TabularInline):
    model = CouncilMember
    extra = 0
    raw_id_fields = ["user"]


@admin.register(Council)
class CouncilAdmin(admin.ModelAdmin):
    list_display = ["name", "round", "kind"]
    inlines = [MemberInline]


@admin.register(Enrolment)
class EnrolmentAdmin(admin.ModelAdmin):
    list_display = ["product", "round", "status"]
    raw_id_fields = ["round", "dossier", "product", "product_set"]


@admin.register(Result)
class ResultAdmin(admin.ModelAdmin):
    list_display = ["enrolment", "total", "stars", "recognisable"]
    readonly_fields = [f.name for f in Result._meta.fields]
