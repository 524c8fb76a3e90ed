"""E-mails to account holders and requesters, sent once the transaction has committed,
through Django's mail backends (the console in the demo, SMTP in production)."""

from __future__ import annotations

from django.conf import settings
from django.contrib.auth.tokens import default_token_generator
from django.core.mail import send_mail
from django.db import transaction
from django.template.loader import render_to_string
from django.urls import reverse
from django.utils import translation
from django.utils.encoding import force_bytes
from django.utils.http import urlsafe_base64_encode
from django.utils.translation import gettext_lazy as _


def password_link(user) -> str:
    """A one-time link to choose a password (Django's password-reset token: it stops working
    once the password is set)."""
    path = reverse(
        "accounts:password_reset_confirm",
        kwargs={
            "uidb64": urlsafe_base64_encode(force_bytes(user.pk)),
            "token": default_token_generator.make_token(user),
        },
    )
    return f"{settings.SITE_URL}{path}"


def _send_later(*, to: str, subject: str, template: str, context: dict) -> None:
    with translation.override(settings.LANGUAGE_CODE):
        subject = str(subject)
        body = render_to_string(template, context)
    transaction.on_commit(
        lambda: send_mail(subject, body, settings.DEFAULT_FROM_EMAIL, [to], fail_silently=False)
    )


def send_invitation(user) -> None:
    _send_later(
        to=user.email,
        subject=_("Your OCOP account: choose a password"),
        template="accounts/mail/invitation.txt",
        context={"user": user, "link": password_link(user), "site": settings.SITE_URL},
    )


def send_request_rejected(account_request) -> None:
    _send_later(
        to=account_request.email,
        subject=_("Your request for an OCOP account"),
        template="accounts/mail/request_rejected.txt",
        context={"request": account_request},
    )
