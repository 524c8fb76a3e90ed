"""Optional second factor: a time-based one-time code (TOTP, django-otp) from an authenticator
app. Anyone may turn it on; ``settings.OTP_REQUIRED_FOR`` names capabilities whose holders must
(for example ``can_issue_certificate,can_import``), off by default.
"""

from __future__ import annotations

from django.conf import settings
from django.db import transaction
from django.utils.translation import gettext as _
from django_otp import login as otp_login
from django_otp.plugins.otp_totp.models import TOTPDevice

from ocop.accounts.permissions import capabilities_of
from ocop.core.audit import audit_log
from ocop.core.exceptions import DomainError


def device_of(user) -> TOTPDevice | None:
    """The user's confirmed authenticator, if they have turned one on."""
    return TOTPDevice.objects.filter(user=user, confirmed=True).order_by("pk").first()


def required_for(user) -> bool:
    wanted = set(getattr(settings, "OTP_REQUIRED_FOR", ()) or ())
    return bool(wanted & set(capabilities_of(user)))


def pending_device(user) -> TOTPDevice:
    """The unconfirmed authenticator being set up (made on first call)."""
    device = TOTPDevice.objects.filter(user=user, confirmed=False).order_by("pk").first()
    if device is None:
        device = TOTPDevice.objects.create(user=user, name="authenticator", confirmed=False)
    return device


@transaction.atomic
def second_factor_enrol(*, actor, request, token: str) -> TOTPDevice:
    """Confirm the pending authenticator with a code it shows; from then on logins ask for it."""
    if device_of(actor) is not None:
        raise DomainError(_("A second factor is already turned on for this account."))
    device = pending_device(actor)
    if not device.verify_token(token.strip()):
        raise DomainError(_("The code is not right. Check the time on your phone and try again."))
    device.confirmed = True
    device.save(update_fields=["confirmed"])
    audit_log(actor=actor, action="accounts.second_factor.enrolled", obj=actor)
    otp_login(request, device)
    return device
