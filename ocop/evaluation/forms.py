from django import forms
from django.utils.translation import gettext_lazy as _

from ocop.accounts.scope import scope_for, unit_q
from ocop.core.forms import CleanTextMixin, DayField
from ocop.criteria.models import CriteriaSet
from ocop.evaluation.models import RoundLevel
from ocop.geo.models import AdminUnit


class RoundForm(CleanTextMixin, forms.Form):
    level = forms.ChoiceField(label=_("level"), choices=RoundLevel.choices)
    unit = forms.ModelChoiceField(
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

    def __init__(self, *args, user, **kwargs):
        super().__init__(*args, **kwargs)
        units = AdminUnit.objects.filter(level__in=["province", "district"])
        scope = scope_for(user)
        if not scope.everything:
            units = units.filter(unit_q(scope.unit_paths, ""))
        self.fields["unit"].queryset = units.order_by("level", "name")
