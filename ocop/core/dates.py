"""Calendar arithmetic shared by the apps, and days as people type and read them (dd/mm/yyyy)."""

from __future__ import annotations

import calendar
import datetime
import re

from django.utils import timezone

# What a person types: day first (1 or 2 digits), then the month, then a four-digit year; or
# the ISO form that machines, old links and the API send. Never month first, never a short year.
_DAY_FIRST = re.compile(r"(\d{1,2})/(\d{1,2})/(\d{4})")
_ISO = re.compile(r"(\d{4})-(\d{2})-(\d{2})")

DAY_PLACEHOLDER = "dd/mm/yyyy"


def add_months(day: datetime.date, months: int) -> datetime.date:
    """The same day ``months`` later, clamped to the month's last day (29 Feb -> 28 Feb)."""
    index = day.month - 1 + months
    year, month = day.year + index // 12, index % 12 + 1
    return datetime.date(year, month, min(day.day, calendar.monthrange(year, month)[1]))


def parse_day(text: str) -> datetime.date:
    """The day written ``dd/mm/yyyy`` (``10/12/2026`` is 10 December) or ``yyyy-mm-dd``.

    Raises ``ValueError`` for anything else, an impossible day (31/02/2026) included, and for a
    month-first day (12/31/2026): nothing is ever swapped to make it fit.
    """
    text = (text or "").strip()
    match = _DAY_FIRST.fullmatch(text)
    if match:
        day, month, year = (int(part) for part in match.groups())
    else:
        match = _ISO.fullmatch(text)
        if not match:
            raise ValueError(f"not a day in the form dd/mm/yyyy: {text!r}")
        year, month, day = (int(part) for part in match.groups())
    return datetime.date(year, month, day)


def display(day: datetime.date | datetime.datetime | None) -> str:
    """A day as people read it in both languages, ``30/11/2026``; empty for no day."""
    if day is None:
        return ""
    if isinstance(day, datetime.datetime):
        day = timezone.localdate(day) if timezone.is_aware(day) else day.date()
    return f"{day.day:02d}/{day.month:02d}/{day.year:04d}"
