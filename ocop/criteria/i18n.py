"""Translation hook for user-facing messages of the criteria package.

Messages are written as ``_("... %(criterion)s ...") % {...}`` so that Django's
``makemessages`` can collect them. When Django is installed and its settings are
configured, ``gettext`` delegates to ``django.utils.translation.gettext``; otherwise (plain
scripts, the converter, tests without Django) it returns the message unchanged.
"""

from __future__ import annotations

__all__ = ["gettext"]


def gettext(message: str) -> str:
    try:
        from django.conf import settings
        from django.core.exceptions import AppRegistryNotReady
    except ImportError:
        return message
    if not settings.configured:
        return message
    from django.utils.translation import gettext as django_gettext

    try:
        return django_gettext(message)
    except AppRegistryNotReady:
        return message
