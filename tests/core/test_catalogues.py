"""The Vietnamese interface has no English left in it: every message of every catalogue is
translated and none is marked fuzzy (a guess that Django would not use). And one message says
one thing: Django merges the catalogues (the project's wins, then the app listed first), so two
catalogues translating the same (context, message) differently would let one silently replace
the other on every page."""

from __future__ import annotations

import re
from collections import defaultdict
from pathlib import Path

import pytest

import ocop

PACKAGE = Path(ocop.__file__).resolve().parent
CATALOGUES = sorted(PACKAGE.glob("**/locale/vi/LC_MESSAGES/django.po"))


def _entries(text: str):
    """(msgctxt, msgid, msgstr, flags) of each entry; of a plural entry, msgstr is its first form."""
    for block in text.split("\n\n"):
        lines = [line for line in block.splitlines() if not line.startswith("#~")]
        flags = " ".join(line for line in lines if line.startswith("#,"))
        parts = {"msgctxt": [], "msgid": [], "msgstr": []}
        current = None
        for line in lines:
            if line.startswith("msgctxt "):
                current = parts["msgctxt"]
            elif line.startswith("msgid_plural"):
                current = None
            elif line.startswith("msgid "):
                current = parts["msgid"]
            elif line.startswith(("msgstr ", "msgstr[0]")):
                current = parts["msgstr"]
            elif line.startswith("msgstr["):
                current = None
            if current is not None and '"' in line:
                current.append(re.search(r'"(.*)"', line).group(1))
        if parts["msgid"] or parts["msgstr"]:
            yield tuple("".join(parts[key]) for key in ("msgctxt", "msgid", "msgstr")) + (flags,)


def test_there_are_catalogues():
    assert len(CATALOGUES) >= 10


@pytest.mark.parametrize("path", CATALOGUES, ids=lambda p: str(p.relative_to(PACKAGE)))
def test_every_message_is_translated_into_vietnamese(path):
    missing = [
        msgid
        for _msgctxt, msgid, msgstr, flags in _entries(path.read_text(encoding="utf-8"))
        if msgid and (not msgstr or "fuzzy" in flags)
    ]
    assert missing == []


def test_each_message_has_one_vietnamese_translation_across_catalogues():
    translations = defaultdict(lambda: defaultdict(list))
    for path in CATALOGUES:
        name = str(path.relative_to(PACKAGE).parents[2]) or "(project)"
        for msgctxt, msgid, msgstr, _flags in _entries(path.read_text(encoding="utf-8")):
            if msgid:
                translations[(msgctxt, msgid)][msgstr].append(name)
    clashes = [
        f"{msgid!r}"
        + (f" (context {msgctxt!r})" if msgctxt else "")
        + ": "
        + "; ".join(f"{msgstr!r} in {', '.join(names)}" for msgstr, names in by_msgstr.items())
        for (msgctxt, msgid), by_msgstr in sorted(translations.items())
        if len(by_msgstr) > 1
    ]
    assert not clashes, "\n".join(["Translated differently in two catalogues:", *clashes])
