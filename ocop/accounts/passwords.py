"""Password rules beyond Django's own: a common-password list that knows Vietnamese habits, and
no password that spells the name of the user's unit.

Both run wherever Django validates a new password (admin forms, ``createsuperuser``, password
change), through ``AUTH_PASSWORD_VALIDATORS``.
"""

from __future__ import annotations

import re
from difflib import SequenceMatcher
from functools import cache
from pathlib import Path

from django.contrib.auth.password_validation import CommonPasswordValidator as DjangoCommon
from django.core.exceptions import ValidationError
from django.utils.translation import gettext as _

from ocop.accounts.models import RoleAssignment
from ocop.core.text import fold

VIETNAMESE_LIST = Path(__file__).resolve().parent / "data" / "common-passwords-vi.txt"

_NOT_ALNUM = re.compile(r"[^0-9a-z]+")
_TAIL = re.compile(r"[^a-z]*$")  # digits and symbols stuck on the end: "matkhau@2026!"


@cache
def common_passwords() -> frozenset[str]:
    """Django's list of common passwords and the Vietnamese one, lower case."""
    words = set(DjangoCommon().passwords)
    for line in VIETNAMESE_LIST.read_text(encoding="utf-8").splitlines():
        line = line.strip()
        if line and not line.startswith("#"):
            words.add(line.lower())
    return frozenset(words)


def _variants(password: str) -> set[str]:
    """The forms of ``password`` compared with the list: as typed, without accents or symbols,
    and with the digits and symbols at its end taken off (``Ocop@2026`` -> ``ocop``)."""
    lowered = password.strip().lower()
    folded = fold(lowered)
    bare = _NOT_ALNUM.sub("", folded)
    out = {lowered, folded, bare}
    stem = _TAIL.sub("", folded)
    if len(stem) >= 4:
        out.add(stem)
        out.add(_NOT_ALNUM.sub("", stem))
    return {v for v in out if v}


class CommonPasswordValidator:
    """Refuses a password found on the common lists, also when only accents, case, or digits and
    symbols at the end make it differ (``Matkhau@123``, ``ocop2026``)."""

    def validate(self, password, user=None):
        if _variants(password) & common_passwords():
            raise ValidationError(_("This password is too common."), code="password_too_common")

    def get_help_text(self):
        return _("Your password can't be a commonly used password.")


def unit_names_of(user) -> list[str]:
    """Names of the units (and producers) the user holds a role on, with their parents."""
    if user is None or getattr(user, "pk", None) is None:
        return []
    names: list[str] = []
    roles = RoleAssignment.objects.filter(user=user).select_related(
        "unit", "unit__parent", "producer"
    )
    for ra in roles:
        unit = ra.unit
        while unit is not None:
            names.append(unit.name)
            unit = unit.parent
        if ra.producer is not None:
            names.append(ra.producer.name)
    return names


class UnitNameSimilarityValidator:
    """Refuses a password that contains, or closely resembles, the name of one of the user's
    units ("PhuTho@2026" for a Phú Thọ officer)."""

    max_similarity = 0.7

    def validate(self, password, user=None):
        candidate = _NOT_ALNUM.sub("", fold(password.lower()))
        if not candidate:
            return
        for name in unit_names_of(user):
            folded = fold(name.lower())
            whole = _NOT_ALNUM.sub("", folded)
            if len(whole) >= 3 and whole in candidate:
                raise self._error(name)
            if (
                SequenceMatcher(a=candidate, b=whole).quick_ratio() >= self.max_similarity
                and SequenceMatcher(a=candidate, b=whole).ratio() >= self.max_similarity
            ):
                raise self._error(name)

    @staticmethod
    def _error(name: str) -> ValidationError:
        return ValidationError(
            _("The password is too similar to the name of your unit (%(name)s).") % {"name": name},
            code="password_too_similar_to_unit",
        )

    def get_help_text(self):
        return _("Your password can't resemble the name of your administrative unit.")
