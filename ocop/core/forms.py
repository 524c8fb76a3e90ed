"""What every project form shares: submitted text loses its control characters first."""

from __future__ import annotations

from django.utils.datastructures import MultiValueDict

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
