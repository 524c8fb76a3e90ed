"""What every project form shares: submitted text loses its control characters first; days are
typed dd/mm/yyyy (``DayField``)."""

from __future__ import annotations

import datetime

from django import forms
from django.utils.datastructures import MultiValueDict
from django.utils.text import capfirst
from django.utils.translation import gettext_lazy as _

from ocop.core.dates import DAY_PLACEHOLDER, display, parse_day
from ocop.core.text import strip_control


def _clean(value):
    if isinstance(value, str):
        return strip_control(value)
    if isinstance(value, list | tuple):
        return [_clean(v) for v in value]
    if isinstance(value, dict):
        return {key: _clean(v) for key, v in value.items()}
    return value


def without_control(data):
    """A copy of submitted ``data`` (a QueryDict, a dict or a list) without control characters."""
    if hasattr(data, "lists"):  # uploaded files are kept as they are, not copied
        return MultiValueDict({key: _clean(values) for key, values in data.lists()})
    return _clean(data)


class CleanTextMixin:
    """Put first in the bases of a form that takes text (``class F(CleanTextMixin, Form)``)."""

    def __init__(self, data=None, *args, **kwargs):
        super().__init__(None if data is None else without_control(data), *args, **kwargs)


class DayInput(forms.TextInput):
    """A text box for a day typed ``dd/mm/yyyy``; app.js adds a small calendar (``data-day``).

    Not ``<input type="date">``: its display follows the browser's locale, so the same office
    would see 12/10/2026 on one machine and 10/12/2026 on the next.
    """

    def __init__(self, attrs=None):
        base = {
            "placeholder": DAY_PLACEHOLDER,
            "inputmode": "numeric",
            "autocomplete": "off",
            "maxlength": "10",
            "size": "10",
            "data-day": "",
        }
        super().__init__({**base, **(attrs or {})})

    def format_value(self, value):
        if isinstance(value, datetime.date):
            return display(value)
        return super().format_value(value)


class DayField(forms.DateField):
    """A day typed ``dd/mm/yyyy`` (or ISO ``yyyy-mm-dd``), never read month first.

    A day that does not exist (31/02/2026) or is written another way (12/31/2026, 10/12/26) is
    refused with a message that names the field and shows the expected form.
    """

    widget = DayInput

    def to_python(self, value):
        if value in self.empty_values:
            return None
        if isinstance(value, datetime.datetime):
            return value.date()
        if isinstance(value, datetime.date):
            return value
        try:
            return parse_day(str(value))
        except ValueError:
            raise forms.ValidationError(
                _("%(field)s: enter the date as dd/mm/yyyy, for example 30/11/2026."),
                code="invalid",
                params={"field": capfirst(self.label or _("date"))},
            ) from None


def labelled(error, label) -> str:
    """``Label: error`` for a field's error shown apart from its box, unless the error already
    begins with the field's label (a ``DayField``'s does): the label is never said twice."""
    error, label = str(error), capfirst(str(label or ""))
    if not label or error.lower().startswith(f"{label.lower()}:"):
        return error
    return f"{label}: {error}"
