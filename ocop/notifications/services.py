"""Sending notifications and the recipient's own actions on them.

``notify`` is the one road: it renders the text in each recipient's language, records one row
per channel the recipient chose, and queues the e-mails with ``transaction.on_commit`` so that
nothing leaves before the change that caused it is committed (a rollback sends nothing). The
unique constraint on (recipient, channel, event key) makes a second call for the same event a
no-op, even when two runs race.
"""

from __future__ import annotations

from collections.abc import Iterable, Mapping
from functools import partial
from typing import Any

from django.conf import settings
from django.core.mail import send_mail
from django.db import IntegrityError, transaction
from django.template.loader import render_to_string
from django.utils import timezone, translation
from django.utils.translation import gettext as _

from ocop.core.audit import audit_log
from ocop.core.exceptions import DomainError, PermissionDeniedError
from ocop.notifications.models import (
    CHANNELS_OF_CHOICE,
    Channel,
    ChannelChoice,
    Notification,
    NotificationPreference,
)


def preference_of(user) -> NotificationPreference:
    """The user's stored preference, or the default one (not saved)."""
    stored = NotificationPreference.objects.filter(user=user).first()
    return stored or NotificationPreference(user=user)


def language_of(preference: NotificationPreference) -> str:
    """The language notifications are written in: the user's choice, else the site's."""
    return preference.language or settings.LANGUAGE_CODE


def channels_of(user, preference: NotificationPreference) -> tuple[str, ...]:
    """The channels a notification reaches ``user`` by. Without an e-mail address the message
    stays in the application, so that choosing e-mail never loses a warning."""
    if not user.email:
        return (Channel.IN_APP,)
    return CHANNELS_OF_CHOICE[ChannelChoice(preference.channels)]


def _render(text, params: Mapping[str, Any]) -> str:
    values = {key: str(value) for key, value in params.items()}
    return str(text) % values if values else str(text)


def _send_email(*, to: str, subject: str, body: str) -> None:
    send_mail(subject, body, settings.DEFAULT_FROM_EMAIL, [to], fail_silently=False)


@transaction.atomic
def notify(
    *,
    recipients: Iterable,
    kind: str,
    event_key: str,
    subject,
    body,
    link: str = "",
    params: Mapping[str, Any] | None = None,
) -> list[Notification]:
    """Notify each active recipient of one event, once per channel they chose.

    ``subject`` and ``body`` are translatable texts (``gettext_lazy``) with ``%(name)s``
    placeholders filled from ``params`` (whose values may be translatable too), rendered in each
    recipient's language. ``link`` is a path on this site. Returns the rows created now: a
    recipient already notified of ``event_key`` on a channel gets nothing more on it.
    """
    params = params or {}
    people = {user.pk: user for user in recipients if user is not None and user.is_active}
    already = set(
        Notification.objects.filter(event_key=event_key, recipient_id__in=people).values_list(
            "recipient_id", "channel"
        )
    )
    stored = {p.user_id: p for p in NotificationPreference.objects.filter(user_id__in=people)}
    created: list[Notification] = []
    for user in sorted(people.values(), key=lambda u: u.username):
        preference = stored.get(user.pk) or NotificationPreference(user=user)
        language = language_of(preference)
        with translation.override(language):
            rendered_subject = _render(subject, params)[:255]
            rendered_body = _render(body, params)
        for channel in channels_of(user, preference):
            if (user.pk, channel) in already:
                continue
            try:
                with transaction.atomic():
                    row = Notification.objects.create(
                        recipient=user,
                        channel=channel,
                        kind=kind,
                        event_key=event_key,
                        subject=rendered_subject,
                        body=rendered_body,
                        link=link,
                        language=language,
                    )
            except IntegrityError:  # sent meanwhile by another run: the constraint decides
                continue
            if channel == Channel.EMAIL:
                with translation.override(language):
                    text = render_to_string(
                        "notifications/mail/notification.txt",
                        {"body": rendered_body, "link": link, "site": settings.SITE_URL},
                    )
                transaction.on_commit(
                    partial(_send_email, to=user.email, subject=rendered_subject, body=text),
                    robust=True,
                )
            created.append(row)
    return created


def _own(actor, notification: Notification) -> Notification:
    notification = Notification.objects.get(pk=notification.pk)
    if notification.recipient_id != getattr(actor, "pk", None):
        raise PermissionDeniedError(_("This notification is not yours."))
    return notification


@transaction.atomic
def notification_mark_read(*, actor, notification: Notification) -> Notification:
    """Mark one of the actor's own notifications read (reading twice keeps the first time)."""
    notification = _own(actor, notification)
    if notification.read_at is None:
        notification.read_at = timezone.now()
        notification.save(update_fields=["read_at"])
    return notification


@transaction.atomic
def notifications_mark_all_read(*, actor) -> int:
    """Mark every unread notification of the actor read; returns how many changed."""
    return Notification.objects.filter(
        recipient=actor, channel=Channel.IN_APP, read_at__isnull=True
    ).update(read_at=timezone.now())


@transaction.atomic
def preference_set(*, actor, channels: str, language: str = "") -> NotificationPreference:
    """Record how the actor wants to be notified (channels) and in which language."""
    if channels not in ChannelChoice.values:
        raise DomainError(_("Choose how to receive notifications."), field="channels")
    if language and language not in dict(settings.LANGUAGES):
        raise DomainError(_("Choose a language."), field="language")
    preference, _created = NotificationPreference.objects.select_for_update().get_or_create(
        user=actor
    )
    old = {"channels": preference.channels, "language": preference.language}
    preference.channels, preference.language = channels, language
    preference.save()
    new = {"channels": channels, "language": language}
    if old != new or _created:
        audit_log(
            actor=actor,
            action="notifications.preference.changed",
            obj=preference,
            old=None if _created else old,
            new=new,
        )
    return preference
