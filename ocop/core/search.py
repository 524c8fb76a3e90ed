"""One limit for every search text (a search box, a ``q`` parameter of a page or the API).

Each word of a search is one more condition in the query: a text of a thousand words makes
the database refuse the query. A search may hold at most ``MAX_CHARS`` characters and
``MAX_WORDS`` words; a longer one is refused with a message that names the limit.
"""

from __future__ import annotations

from django.core.exceptions import ValidationError
from django.utils.translation import gettext as _

from ocop.core.text import fold

MAX_CHARS = 200
MAX_WORDS = 8


def search_terms(text: str | None) -> list[str]:
    """The words a search looks for, folded (``"Rượu  Mường"`` -> ``["ruou", "muong"]``).

    Raises ``ValidationError`` when ``text`` is over ``MAX_CHARS`` characters or
    ``MAX_WORDS`` words.
    """
    text = text or ""
    if len(text) > MAX_CHARS:
        raise ValidationError(
            _("A search may hold at most %(limit)s characters.") % {"limit": MAX_CHARS},
            code="search_too_long",
        )
    words = fold(text).split()
    if len(words) > MAX_WORDS:
        raise ValidationError(
            _("A search may hold at most %(limit)s words.") % {"limit": MAX_WORDS},
            code="search_too_many_words",
        )
    return words


def search_problem(text: str | None) -> str:
    """The message refusing ``text`` as a search, or ``""`` when it may be searched."""
    try:
        search_terms(text)
    except ValidationError as refused:
        return refused.messages[0]
    return ""
