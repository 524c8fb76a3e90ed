"""Forms of the inspection and misuse pages. They only collect input: the services decide."""

from __future__ import annotations

from django import forms
from django.utils.translation import gettext_lazy as _

from ocop.accounts.scope import unit_q
from ocop.certificates.models import RevocationGround
from ocop.core.forms import CleanTextMixin, DayField
from ocop.geo.display import unit_label
from ocop.geo.in_force import units_in_force
from ocop.geo.models import Level
from ocop.programme.models import (
    ActionStatus,
    CaseStatus,
    CheckItem,
    CheckResult,
    MisuseKind,
    VisitOutcome,
    VisitReason,
)
from ocop.programme.selectors.inspections import eligible_inspectors, planning_provinces
from ocop.registry.selectors import products_visible_to


class UnitChoiceField(forms.ModelChoiceField):
    def label_from_instance(self, obj):
        return unit_label(obj)


class InspectorsField(forms.ModelMultipleChoiceField):
    widget = forms.CheckboxSelectMultiple

    def label_from_instance(self, obj):
        name = getattr(obj, "full_name", "")
        return f"{name} ({obj.get_username()})" if name else obj.get_username()


class PlanForm(CleanTextMixin, forms.Form):
    province = UnitChoiceField(label=_("province"), queryset=None)
    year = forms.IntegerField(label=_("year"), min_value=2000, max_value=2100)
    title = forms.CharField(label=_("title"), max_length=255)

    def __init__(self, *args, user, **kwargs):
        super().__init__(*args, **kwargs)
        provinces = planning_provinces(user)
        qs = units_in_force(levels=(Level.PROVINCE,))
        if not user.is_superuser:
            qs = qs.filter(pk__in=[p.pk for p in provinces])
        self.fields["province"].queryset = qs


class VisitForm(CleanTextMixin, forms.Form):
    product = forms.ModelChoiceField(label=_("product"), queryset=None)
    planned_on = DayField(label=_("planned date"))
    inspectors = InspectorsField(label=_("inspectors"), queryset=None)
    misuse_report = forms.CharField(required=False, widget=forms.HiddenInput)

    def __init__(self, *args, user, plan, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["product"].queryset = (
            products_visible_to(user)
            .filter(
                unit_q([plan.province.path], "origin_unit__", "province__"),
                archived_at__isnull=True,
            )
            .order_by("name")
        )
        self.fields["inspectors"].queryset = eligible_inspectors(plan.province)


class SelectForm(CleanTextMixin, forms.Form):
    rule = forms.ChoiceField(
        label=_("select"),
        choices=[
            (VisitReason.SECOND_YEAR, _("every certificate in its second year on the day")),
            (VisitReason.MISUSE, _("products named in confirmed misuse reports")),
        ],
    )
    day = DayField(label=_("on the day"))
    planned_on = DayField(label=_("planned date"))
    inspectors = InspectorsField(label=_("inspectors"), queryset=None)

    def __init__(self, *args, plan, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["inspectors"].queryset = eligible_inspectors(plan.province)


class ChecklistForm(CleanTextMixin, forms.Form):
    """One result and one note per checklist item."""

    def __init__(self, *args, visit, **kwargs):
        super().__init__(*args, **kwargs)
        for entry in visit.checklist.all():
            self.fields[f"result_{entry.item}"] = forms.ChoiceField(
                label=CheckItem(entry.item).label,
                choices=CheckResult.choices,
                initial=entry.result,
            )
            self.fields[f"note_{entry.item}"] = forms.CharField(
                label=_("note"), required=False, max_length=500, initial=entry.note
            )

    @staticmethod
    def entries_from(data) -> dict[str, tuple[str, str]]:
        return {
            name[len("result_") :]: (value, data.get(f"note_{name[len('result_') :]}", ""))
            for name, value in data.items()
            if name.startswith("result_")
        }

    def rows(self):
        for name in self.fields:
            if name.startswith("result_"):
                yield self[name], self[f"note_{name[len('result_') :]}"]


class VisitStartForm(CleanTextMixin, forms.Form):
    visited_on = DayField(label=_("visit date"), required=False)


class FindingForm(CleanTextMixin, forms.Form):
    text = forms.CharField(label=_("finding"), widget=forms.Textarea(attrs={"rows": 3}))
    file = forms.FileField(label=_("photo or document"), required=False)


class ActionForm(CleanTextMixin, forms.Form):
    description = forms.CharField(
        label=_("corrective action"), widget=forms.Textarea(attrs={"rows": 2})
    )
    deadline = DayField(label=_("deadline"))


class ActionMoveForm(CleanTextMixin, forms.Form):
    status = forms.ChoiceField(label=_("status"), choices=ActionStatus.choices)
    follow_up = forms.CharField(label=_("follow-up"), required=False, max_length=1000)


class CloseForm(CleanTextMixin, forms.Form):
    outcome = forms.ChoiceField(label=_("outcome"), choices=VisitOutcome.choices)
    note = forms.CharField(
        label=_("conclusion"), required=False, widget=forms.Textarea(attrs={"rows": 3})
    )
    ground = forms.ChoiceField(
        label=_("ground for revocation"),
        required=False,
        choices=[("", "—"), *RevocationGround.choices],
    )
    authority = forms.CharField(label=_("revoking authority"), required=False, max_length=150)
    decision_no = forms.CharField(
        label=_("revocation decision number"), required=False, max_length=80
    )


class MisuseForm(CleanTextMixin, forms.Form):
    kind = forms.ChoiceField(label=_("what is wrong"), choices=MisuseKind.choices)
    certificate_code = forms.CharField(
        label=_("certificate code on the label"), required=False, max_length=30
    )
    product_code = forms.CharField(required=False, max_length=16, widget=forms.HiddenInput)
    unit = UnitChoiceField(
        label=_("province where you saw it"),
        queryset=None,
        required=False,
        help_text=_("Not needed when the certificate code or product is known."),
    )
    place = forms.CharField(
        label=_("place (shop, market, address)"), required=False, max_length=255
    )
    seller = forms.CharField(label=_("seller"), required=False, max_length=255)
    link = forms.URLField(
        label=_("link (web page of the offer)"),
        required=False,
        max_length=500,
        assume_scheme="https",
    )
    description = forms.CharField(
        label=_("what you saw"), required=False, widget=forms.Textarea(attrs={"rows": 3})
    )
    photo = forms.FileField(
        label=_("photo of the label"),
        required=False,
        help_text=_("JPG, PNG or WEBP, at most 8 MB; place and device data are removed."),
        widget=forms.ClearableFileInput(attrs={"accept": "image/jpeg,image/png,image/webp"}),
    )
    contact = forms.CharField(
        label=_("your phone or e-mail (optional)"),
        required=False,
        max_length=255,
        help_text=_("Only the officers working the case see it."),
    )

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["unit"].queryset = units_in_force(levels=(Level.PROVINCE,))


class CaseMoveForm(CleanTextMixin, forms.Form):
    status = forms.ChoiceField(label=_("new status"), choices=CaseStatus.choices)
    answer = forms.CharField(
        label=_("answer to the reporter"),
        required=False,
        widget=forms.Textarea(attrs={"rows": 3}),
        help_text=_("Anyone holding the case code reads this answer."),
    )
    note = forms.CharField(
        label=_("internal note"), required=False, widget=forms.Textarea(attrs={"rows": 2})
    )


class LookupForm(forms.Form):
    ma = forms.CharField(label=_("case code"), max_length=30)
