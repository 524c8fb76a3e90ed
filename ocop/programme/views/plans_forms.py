"""Forms of the plan pages; the services check everything again."""

from __future__ import annotations

from django import forms
from django.utils.translation import gettext_lazy as _
from django.utils.translation import pgettext_lazy

from ocop.accounts.permissions import CAPABILITIES, MANAGE_PLANS
from ocop.accounts.scope import active_roles, unit_q
from ocop.core.forms import CleanTextMixin, DayField
from ocop.geo.models import AdminUnit, Level
from ocop.programme.models import MilestoneKind, Plan


def provinces_for(user):
    """Provinces (of either structure) where the user may record a plan."""
    qs = AdminUnit.objects.filter(level=Level.PROVINCE).order_by("era", "name")
    if user.is_superuser:
        return qs
    paths = [
        ra.unit.path
        for ra in active_roles(user)
        if ra.unit is not None and MANAGE_PLANS in CAPABILITIES.get(ra.role, ())
    ]
    return qs.filter(unit_q(paths, ""))


class PlanForm(CleanTextMixin, forms.Form):
    number = forms.CharField(label=_("plan number"), max_length=80)
    issued_on = DayField(label=pgettext_lazy("decision", "issued on"))
    issuing_body = forms.CharField(label=pgettext_lazy("decision", "issuing body"), max_length=200)
    title = forms.CharField(label=_("title"), max_length=255)
    deadline = DayField(
        label=_("targets due by"), required=False, help_text=_("31/12 of the year when empty.")
    )
    text = forms.FileField(label=_("plan text (PDF or DOCX)"), required=False)


class PlanCreateForm(PlanForm):
    province = forms.ModelChoiceField(label=_("province"), queryset=AdminUnit.objects.none())
    year = forms.IntegerField(label=_("year"), min_value=2000, max_value=2100)
    field_order = [
        "province",
        "year",
        "number",
        "issued_on",
        "issuing_body",
        "title",
        "deadline",
        "text",
    ]

    def __init__(self, *args, user, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["province"].queryset = provinces_for(user)


def plan_initial(plan: Plan) -> dict:
    return {
        f: getattr(plan, f) for f in ("number", "issued_on", "issuing_body", "title", "deadline")
    }


class MilestoneForm(CleanTextMixin, forms.Form):
    kind = forms.ChoiceField(label=_("kind"), choices=MilestoneKind.choices)
    deadline = DayField(label=_("deadline"))
    title = forms.CharField(label=_("description"), max_length=255, required=False)
