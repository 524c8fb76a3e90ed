"""The Vietnamese interface has no English left in it: every message of every catalogue is
translated and none is marked fuzzy (a guess that Django would not use)."""

from __future__ import annotations

import re
from pathlib import Path

import pytest

import ocop

PACKAGE = Path(ocop.__file__).resolve().parent
CATALOGUES = sorted(PACKAGE.glob("**/locale/vi/LC_MESSAGES/django.po"))


def _entries(text: str):
    for block in text.split("\n\n"):
        lines = [line for line in block.splitlines() if not line.startswith("#~")]
        flags = " ".join(line for line in lines if line.startswith("#,"))
        msgid, msgstr, current = [], [], None
        for line in lines:
            if line.startswith("msgid "):
                current = msgid
            elif line.startswith("msgstr"):
                current = msgstr
            elif line.startswith("msgid_plural"):
                current = None
            if current is not None and '"' in line:
                current.append(re.search(r'"(.*)"', line).group(1))
        if msgid or msgstr:
            yield "".join(msgid), "".join(msgstr), flags


def test_there_are_catalogues():
    assert len(CATALOGUES) >= 10


@pytest.mark.parametrize("path", CATALOGUES, ids=lambda p: str(p.relative_to(PACKAGE)))
def test_every_message_is_translated_into_vietnamese(path):
    missing = [
        msgid
        for msgid, msgstr, flags in _entries(path.read_text(encoding="utf-8"))
        if msgid and (not msgstr or "fuzzy" in flags)
    ]
    assert missing == []
