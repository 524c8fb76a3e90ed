"""Optional second factor (TOTP): enrol with a code, then every login asks for one."""

import time

from django.test import override_settings
from django.urls import reverse
from django_otp.oath import TOTP
from django_otp.plugins.otp_totp.models import TOTPDevice

from ocop.core.audit import AuditEvent
from tests import factories as f

LOGIN = "/tai-khoan/dang-nhap/"


def _code(device, offset=0) -> str:
    totp = TOTP(device.bin_key, device.step, device.t0, device.digits, device.drift)
    totp.time = time.time() + offset
    return f"{totp.token():06d}"


def _enrol(client, user) -> TOTPDevice:
    client.force_login(user)
    page = client.get(reverse("accounts:second_factor"))
    assert page.status_code == 200 and b"<svg" in page.content
    device = TOTPDevice.objects.get(user=user, confirmed=False)
    response = client.post(reverse("accounts:second_factor"), {"otp_token": _code(device)})
    assert response.status_code == 302
    device.refresh_from_db()
    assert device.confirmed
    client.logout()
    return device


def test_an_officer_enrols_and_then_needs_the_code(client, personas):
    device = _enrol(client, personas.province)
    assert AuditEvent.objects.filter(action="accounts.second_factor.enrolled").exists()
    without = client.post(LOGIN, {"username": "p-province", "password": f.PASSWORD})
    assert without.status_code == 200 and "_auth_user_id" not in client.session
    wrong = client.post(
        LOGIN, {"username": "p-province", "password": f.PASSWORD, "otp_token": "000000"}
    )
    assert wrong.status_code == 200 and "_auth_user_id" not in client.session
    device.refresh_from_db()
    assert device.throttling_failure_count == 1  # django-otp slows code guessing down too
    device.throttle_reset()  # instead of waiting out its one-second delay
    right = client.post(
        LOGIN,
        {"username": "p-province", "password": f.PASSWORD, "otp_token": _code(device, 30)},
    )
    assert right.status_code == 302
    assert client.session["_auth_user_id"] == str(personas.province.pk)


def test_a_wrong_enrolment_code_is_refused(client, personas):
    client.force_login(personas.province)
    client.get(reverse("accounts:second_factor"))
    response = client.post(reverse("accounts:second_factor"), {"otp_token": "123"})
    assert response.status_code == 200
    assert not TOTPDevice.objects.filter(confirmed=True).exists()


def test_wrong_codes_count_towards_the_login_limit(client, personas):
    _enrol(client, personas.province)
    for _ in range(5):
        client.post(
            LOGIN, {"username": "p-province", "password": f.PASSWORD, "otp_token": "000000"}
        )
    response = client.post(LOGIN, {"username": "p-province", "password": f.PASSWORD})
    assert response.status_code == 429


def test_without_a_device_the_code_is_not_asked(client, personas):
    response = client.post(LOGIN, {"username": "p-commune", "password": f.PASSWORD})
    assert response.status_code == 302


@override_settings(OTP_REQUIRED_FOR=["can_issue_certificate"])
def test_when_required_an_issuer_must_set_it_up_first(client, personas):
    client.post(LOGIN, {"username": "p-province", "password": f.PASSWORD})
    response = client.get(reverse("portal:dashboard"))
    assert response.status_code == 302 and response["Location"] == reverse("accounts:second_factor")
    # a commune officer issues nothing and goes on as before
    client.post(reverse("accounts:logout"))
    client.post(LOGIN, {"username": "p-commune", "password": f.PASSWORD})
    assert client.get(reverse("portal:dashboard")).status_code == 200


@override_settings(OTP_REQUIRED_FOR=["can_issue_certificate"])
def test_when_required_a_verified_login_goes_through(client, personas):
    device = _enrol(client, personas.province)
    client.post(
        LOGIN,
        {"username": "p-province", "password": f.PASSWORD, "otp_token": _code(device, 30)},
    )
    assert client.get(reverse("portal:dashboard")).status_code == 200
