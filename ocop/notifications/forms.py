from django import forms
from django.conf import settings
from django.utils.translation import gettext_lazy as _

from ocop.core.forms import CleanTextMixin
from ocop.notifications.models import ChannelChoice


class PreferenceForm(CleanTextMixin, forms.Form):
    channels = forms.ChoiceField(
        label=_("Receive notifications"), choices=ChannelChoice.choices, widget=forms.RadioSelect
    )
    language = forms.ChoiceField(
        label=_("Language of notifications"),
        choices=[("", _("The site's language (Vietnamese)")), *settings.LANGUAGES],
        required=False,
    )
