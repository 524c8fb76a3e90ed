"""Forms of the certificates pages (the decision form's other fields are plain inputs)."""

from django import forms
from django.utils.translation import gettext_lazy as _

from ocop.core.forms import DayField


class DecisionDayForm(forms.Form):
    """The day a recognition decision is signed, typed dd/mm/yyyy."""

    date = DayField(label=_("decision date"))
