from django import forms
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from ocop.core.forms import CleanTextMixin, DayField
from ocop.geo.models import Level


class UnitSearchForm(CleanTextMixin, forms.Form):
    """Search units by name as they were on a date (the public unit browser and autocomplete)."""

    q = forms.CharField(label=_("Name"), required=False, max_length=120)
    on = DayField(label=_("On date"), required=False)
    level = forms.ChoiceField(
        label=_("Level"),
        required=False,
        choices=[("", _("All levels")), *Level.choices],
    )

    def value(self, name):
        """A field's cleaned value; a bad field does not discard the good ones."""
        if not self.is_bound:
            return None
        self.is_valid()
        return self.cleaned_data.get(name)

    def day(self):
        return self.value("on") or timezone.localdate()
