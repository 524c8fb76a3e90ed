from django import forms
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from ocop.accounts.scope import scope_for
from ocop.core.forms import CleanTextMixin, DayField
from ocop.criteria.models import CriteriaSet
from ocop.evaluation.models import RoundLevel
from ocop.geo.display import unit_name
from ocop.geo.in_force import levels_in_force, units_in_force
from ocop.geo.models import AdminUnit, Level


class UnitField(forms.ModelChoiceField):
    def label_from_instance(self, obj):
        return unit_name(obj)


class RoundForm(CleanTextMixin, forms.Form):
    """A round organised at a level and unit of the structure in force on the day (no
    district council after 30 June 2025)."""

    level = forms.ChoiceField(label=_("level"), choices=RoundLevel.choices)
    unit = UnitField(
        label=_("organising unit"),
        queryset=AdminUnit.objects.none(),
        required=False,
        help_text=_("Province or district; leave empty for the central level."),
    )
    year = forms.IntegerField(label=_("year"), min_value=2019, max_value=2100)
    number = forms.IntegerField(label=_("round number"), min_value=1, max_value=20, initial=1)
    title = forms.CharField(label=_("title"), max_length=255, required=False)
    criteria_set = forms.ModelChoiceField(
        label=_("criteria set"),
        queryset=CriteriaSet.objects.order_by("-effective_from"),
        required=False,
        help_text=_("Leave empty to use the set in force when the round opens."),
    )
    opens_on = DayField(label=_("opens on"), required=False)
    intake_deadline = DayField(
        label=_("dossiers forwarded before"),
        required=False,
        help_text=_("Leave empty for the national calendar (30 April or 30 October)."),
    )
    decision_deadline = DayField(
        label=_("decided before"),
        required=False,
        help_text=_("Leave empty for the national calendar (30 June or 30 December)."),
    )

    def __init__(self, *args, user, on=None, **kwargs):
        super().__init__(*args, **kwargs)
        day = on or timezone.localdate()
        levels = [lvl for lvl in levels_in_force(day) if lvl != Level.COMMUNE]
        scope = scope_for(user)
        units = units_in_force(
            day, within=None if scope.everything else scope.unit_paths, levels=levels
        )
        self.fields["unit"].queryset = units
        self.fields["level"].choices = [
            (value, label)
            for value, label in RoundLevel.choices
            if value in (*levels, RoundLevel.CENTRAL)
        ]
        self.initial.setdefault("level", RoundLevel.PROVINCE)
        self.initial.setdefault("year", day.year)
        provinces = [u.pk for u in units if u.level == Level.PROVINCE]
        if len(provinces) == 1:
            self.initial.setdefault("unit", provinces[0])
