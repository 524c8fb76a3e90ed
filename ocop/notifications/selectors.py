"""Which notifications a user reads: only their own, in the application."""

from __future__ import annotations

from django.db.models import QuerySet

from ocop.notifications.models import Channel, Notification


def notifications_of(user) -> QuerySet[Notification]:
    """The user's in-app notifications, newest first (none for the anonymous)."""
    if not getattr(user, "is_authenticated", False):
        return Notification.objects.none()
    return Notification.objects.filter(recipient=user, channel=Channel.IN_APP)


def unread_count(request) -> int:
    """How many of the user's notifications are unread: one query, kept for the request."""
    cached = getattr(request, "_ocop_unread", None)
    if cached is None:
        cached = notifications_of(request.user).filter(read_at__isnull=True).count()
        request._ocop_unread = cached
    return cached
