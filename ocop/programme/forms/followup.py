"""Forms of training, support and unit reports. Choices are limited to what the user may act
on; the services check again against the records as stored."""

from __future__ import annotations

from django import forms
from django.contrib.auth import get_user_model
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from ocop.accounts.models import Role
from ocop.accounts.scope import unit_q
from ocop.core.forms import CleanTextMixin, DayField
from ocop.geo.display import unit_label
from ocop.geo.in_force import levels_in_force, units_in_force
from ocop.geo.models import AdminUnit, Level
from ocop.programme.models import FundingKind, FundingSource, PeriodKind
from ocop.programme.officers import OFFICER_ROLES, officer_roles
from ocop.registry.models import Producer, Product


class UnitChoiceField(forms.ModelChoiceField):
    def label_from_instance(self, obj):
        return unit_label(obj)


def units_for(user, levels=None):
    """Units in force today under the user's officer roles (every level when not named)."""
    paths = [ra.unit.path for ra in officer_roles(user)]
    within = None if user.is_superuser else paths
    return units_in_force(within=within, levels=levels or levels_in_force())


class SessionForm(CleanTextMixin, forms.Form):
    topic = forms.CharField(label=_("Topic"), max_length=255)
    organiser = UnitChoiceField(label=_("Organising unit"), queryset=None)
    starts_on = DayField(label=_("First day"))
    ends_on = DayField(label=_("Last day"))
    place = forms.CharField(label=_("Place"), max_length=255)
    trainers = forms.CharField(label=_("Trainers"), widget=forms.Textarea(attrs={"rows": 2}))
    notes = forms.CharField(
        label=_("Notes"), required=False, widget=forms.Textarea(attrs={"rows": 3})
    )

    def __init__(self, *args, user=None, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["organiser"].queryset = (
            units_for(user) if user is not None else AdminUnit.objects.none()
        )


class SourceForm(CleanTextMixin, forms.Form):
    kind = forms.ChoiceField(label=_("Kind"), choices=FundingKind.choices)
    name = forms.CharField(label=_("Name"), max_length=255)
    year = forms.IntegerField(label=_("Year"), min_value=2018, max_value=2100)
    amount = forms.IntegerField(label=_("Amount available (đồng)"), min_value=0)
    unit = UnitChoiceField(label=_("Province"), queryset=None)
    notes = forms.CharField(
        label=_("Notes"), required=False, widget=forms.Textarea(attrs={"rows": 3})
    )

    def __init__(self, *args, user, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["unit"].queryset = units_for(user, [Level.PROVINCE])
        self.fields["year"].initial = timezone.localdate().year


class AllocationForm(CleanTextMixin, forms.Form):
    source = forms.ModelChoiceField(label=_("Funding source"), queryset=None)
    producer = forms.ModelChoiceField(label=_("Producer"), queryset=None)
    product = forms.ModelChoiceField(label=_("Product (optional)"), queryset=None, required=False)
    amount = forms.IntegerField(label=_("Amount (đồng)"), min_value=1)
    purpose = forms.CharField(label=_("Purpose"), widget=forms.Textarea(attrs={"rows": 3}))
    starts_on = DayField(label=_("Start"))
    ends_on = DayField(label=_("End"), required=False)

    def __init__(self, *args, user=None, sources=None, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["source"].queryset = (
            sources if sources is not None else FundingSource.objects.none()
        )
        producers = Producer.objects.filter(archived_at__isnull=True)
        products = Product.objects.filter(archived_at__isnull=True).select_related("producer")
        if user is None:
            producers, products = producers.none(), products.none()
        elif not user.is_superuser:
            paths = [ra.unit.path for ra in officer_roles(user)]
            producers = producers.filter(unit_q(paths, "commune__", "province__"))
            products = products.filter(unit_q(paths, "origin_unit__", "province__"))
        self.fields["producer"].queryset = producers.order_by("name_folded", "pk")
        self.fields["product"].queryset = products.order_by("name_folded", "pk")
        self.fields["product"].label_from_instance = lambda p: f"{p.name} — {p.producer.name}"


class OfficerForm(CleanTextMixin, forms.Form):
    unit = UnitChoiceField(label=_("Unit"), queryset=None, required=False)
    product = forms.CharField(
        label=_("or product code"),
        required=False,
        max_length=16,
        help_text=_("The code shown on the product's page."),
    )
    officer = forms.ModelChoiceField(label=_("Responsible officer"), queryset=None)

    def __init__(self, *args, user, **kwargs):
        super().__init__(*args, **kwargs)
        province_paths = [
            ra.unit.path for ra in officer_roles(user) if ra.role == Role.PROVINCE_OFFICE
        ]
        within = None if user.is_superuser else province_paths
        self.fields["unit"].queryset = units_in_force(within=within, levels=levels_in_force())
        users = get_user_model().objects.filter(
            is_active=True, roles__active=True, roles__role__in=OFFICER_ROLES
        )
        if not user.is_superuser:
            users = users.filter(unit_q(province_paths, "roles__unit__"))
        self.fields["officer"].queryset = users.distinct().order_by("username")
        self.fields["officer"].label_from_instance = str

    def clean(self):
        data = super().clean()
        if bool(data.get("unit")) == bool(data.get("product")):
            raise forms.ValidationError(_("Choose a unit or type a product code (one of them)."))
        return data


class ReportCreateForm(forms.Form):
    unit = UnitChoiceField(label=_("Unit"), queryset=None)
    year = forms.IntegerField(label=_("Year"), min_value=2018, max_value=2100)
    period_kind = forms.ChoiceField(label=_("Period"), choices=PeriodKind.choices)
    period = forms.IntegerField(
        label=_("Period number"),
        min_value=1,
        max_value=4,
        initial=1,
        help_text=_("Quarter 1 to 4, half-year 1 or 2; 1 for the year."),
    )

    def __init__(self, *args, units, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["unit"].queryset = units
        self.fields["year"].initial = timezone.localdate().year


class ReportTextForm(CleanTextMixin, forms.Form):
    difficulties = forms.CharField(
        label=_("Difficulties met"), required=False, widget=forms.Textarea(attrs={"rows": 5})
    )
    proposals = forms.CharField(
        label=_("Proposals"), required=False, widget=forms.Textarea(attrs={"rows": 5})
    )


class AnswerForm(CleanTextMixin, forms.Form):
    answer = forms.CharField(label=_("Answer"), widget=forms.Textarea(attrs={"rows": 5}))
