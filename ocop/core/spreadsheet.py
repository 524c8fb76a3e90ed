"""Cells of exported spreadsheets (.xlsx and .csv) that are safe to open.

Following OWASP's guidance on CSV injection, a text cell that a spreadsheet would read as a
formula (it begins with ``=``, ``+``, ``-``, ``@``, a tab or a carriage return) is written
with a leading single quote, and control characters are dropped (.xlsx refuses most of them).
Numbers, dates and booleans are written as they are, so they stay numbers and dates.
"""

from __future__ import annotations

import datetime
from decimal import Decimal

from ocop.core.text import strip_control

FORMULA_PREFIXES = ("=", "+", "-", "@", "\t", "\r")
_AS_IS = (bool, int, float, Decimal, datetime.date, datetime.time, datetime.timedelta)


def safe_cell(value):
    """``value`` as an export writes it: text made inert, anything else unchanged."""
    if value is None or isinstance(value, _AS_IS):
        return value
    text = strip_control(str(value))
    if text.startswith(FORMULA_PREFIXES):
        return "'" + text
    return text
