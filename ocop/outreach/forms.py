"""The forms of the fair and news pages. They only shape input; the services decide."""

from __future__ import annotations

from django import forms
from django.utils.translation import gettext_lazy as _

from ocop.accounts.scope import scope_for
from ocop.certificates.selectors import recognised_product_ids
from ocop.core.forms import CleanTextMixin, DayField
from ocop.geo.display import unit_name
from ocop.geo.in_force import units_in_force
from ocop.geo.models import Level
from ocop.outreach import rights
from ocop.outreach.models import FairLevel, PostCategory
from ocop.registry.selectors import products_changeable_by

CENTRAL = "central"


class UnitChoiceField(forms.ModelChoiceField):
    def label_from_instance(self, obj):
        return unit_name(obj)


class UnitsChoiceField(forms.ModelMultipleChoiceField):
    def label_from_instance(self, obj):
        return unit_name(obj)


class ProductChoiceField(forms.ModelChoiceField):
    def label_from_instance(self, obj):
        return f"{obj.name} — {obj.producer.name}"


class ProductsChoiceField(forms.ModelMultipleChoiceField):
    def label_from_instance(self, obj):
        return f"{obj.name} — {obj.producer.name}"


def _office_label(unit) -> str:
    return str(_("Central office (whole country)")) if unit is None else unit_name(unit)


def _reach(user, office) -> list[str] | None:
    """Unit paths a form offers below ``office`` (``None``: the whole country)."""
    if office is not None:
        return [office.path]
    scope = scope_for(user)
    return None if scope.everything else list(scope.unit_paths)


class FairForm(CleanTextMixin, forms.Form):
    office = forms.TypedChoiceField(label=_("run by"), choices=())
    name = forms.CharField(label=_("name"), max_length=255)
    organiser = forms.CharField(label=_("organiser"), max_length=255)
    level = forms.ChoiceField(label=_("level"), choices=FairLevel.choices)
    starts_on = DayField(label=_("first day"))
    ends_on = DayField(label=_("last day"))
    place = forms.CharField(label=_("place"), max_length=255)
    place_unit = UnitChoiceField(
        label=_("province or commune of the place"), queryset=None, required=False
    )
    description = forms.CharField(label=_("description"), widget=forms.Textarea, required=False)
    is_public = forms.BooleanField(label=_("shown on the public pages"), required=False)

    def __init__(self, *args, user, fair=None, **kwargs):
        super().__init__(*args, **kwargs)
        if fair is None:
            offices = fair_offices(user)
            self._offices = {(CENTRAL if u is None else str(u.pk)): u for u in offices}
            self.fields["office"].choices = [
                (k, _office_label(u)) for k, u in self._offices.items()
            ]
            self.fields["office"].coerce = self._offices.get
            reach = None if None in offices else [u.path for u in offices]
        else:
            del self.fields["office"]
            del self.fields["level"]
            reach = _reach(user, fair.unit)
        levels = (Level.PROVINCE, Level.COMMUNE)
        self.fields["place_unit"].queryset = units_in_force(within=reach, levels=levels)
        self.fields["place_unit"].help_text = _("A unit in force on the first day of the event.")


def fair_offices(user) -> list:
    """The offices ``user`` may create events for: ``None`` (central) and 2025 provinces."""
    return [u for u in rights.writing_units(user) if rights.may_run_fairs_in(user, u)]


class EntryForm(forms.Form):
    product = ProductChoiceField(label=_("product"), queryset=None)

    def __init__(self, *args, products, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["product"].queryset = products


class ResultsForm(CleanTextMixin, forms.Form):
    sales_vnd = forms.IntegerField(label=_("sales (VND)"), min_value=0, required=False)
    contracts_signed = forms.IntegerField(label=_("contracts signed"), min_value=0, required=False)
    contracts_value_vnd = forms.IntegerField(
        label=_("value of the contracts (VND)"), min_value=0, required=False
    )
    result_note = forms.CharField(label=_("note on the results"), max_length=500, required=False)


class ReasonForm(CleanTextMixin, forms.Form):
    reason = forms.CharField(label=_("reason"), widget=forms.Textarea(attrs={"rows": 3}))


class PostForm(CleanTextMixin, forms.Form):
    author_unit = forms.TypedChoiceField(label=_("written for"), choices=())
    title = forms.CharField(label=_("title"), max_length=200)
    summary = forms.CharField(
        label=_("summary"), max_length=400, widget=forms.Textarea(attrs={"rows": 2})
    )
    body = forms.CharField(
        label=_("text"),
        widget=forms.Textarea(attrs={"rows": 14}),
        help_text=_("Plain text; a blank line starts a paragraph."),
    )
    category = forms.ChoiceField(label=_("category"), choices=PostCategory.choices)
    cover = forms.FileField(
        label=_("cover image"), required=False, help_text=_("JPG, PNG or WEBP.")
    )
    cover_alt = forms.CharField(
        label=_("description of the cover image"),
        max_length=200,
        required=False,
        help_text=_("For readers who cannot see the image."),
    )
    products = ProductsChoiceField(label=_("products"), queryset=None, required=False)
    units = UnitsChoiceField(label=_("units"), queryset=None, required=False)

    def __init__(self, *args, user, post=None, **kwargs):
        super().__init__(*args, **kwargs)
        if post is None:
            units = rights.writing_units(user)
            self._units = {(CENTRAL if u is None else str(u.pk)): u for u in units}
            self.fields["author_unit"].choices = [
                (k, _office_label(u)) for k, u in self._units.items()
            ]
            self.fields["author_unit"].coerce = self._units.get
        else:
            del self.fields["author_unit"]
        self.fields["products"].queryset = (
            products_changeable_by(user)
            .filter(archived_at__isnull=True, pk__in=recognised_product_ids())
            .select_related("producer")
            .order_by("name")
        )
        reach = _reach(user, None)
        levels = (Level.PROVINCE,) if reach is None else (Level.PROVINCE, Level.COMMUNE)
        self.fields["units"].queryset = units_in_force(within=reach, levels=levels)

    def clean(self):
        data = super().clean()
        if data.get("cover") and not data.get("cover_alt"):
            self.add_error("cover_alt", _("Describe the image for readers who cannot see it."))
        return data
