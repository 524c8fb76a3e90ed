"""Login limits (django-axes): per account and per client address, shared by every worker
because the attempts live in the database; forged forwarding headers change nothing."""

import pytest
from axes.models import AccessAttempt
from django.test import override_settings
from django.urls import reverse
from django.utils import timezone
from rest_framework.test import APIClient

from ocop.accounts.client import client_ip
from ocop.accounts.lockout import account_unlock, retry_at
from ocop.core.audit import AuditEvent
from ocop.core.exceptions import PermissionDeniedError
from tests import factories as f

LOGIN = "/tai-khoan/dang-nhap/"
TOKEN = "/api/v1/auth/token/"


def _post(client, username, password, ip="198.51.100.7", **headers):
    return client.post(
        LOGIN, {"username": username, "password": password}, REMOTE_ADDR=ip, **headers
    )


def test_sixty_wrong_passwords_lock_the_account_and_the_right_one_is_refused(client, personas):
    statuses = [_post(client, "p-province", f"wrong-{n}").status_code for n in range(60)]
    assert statuses[:4] == [200] * 4
    assert set(statuses[4:]) == {429}
    response = _post(client, "p-province", f.PASSWORD, HTTP_ACCEPT_LANGUAGE="en")
    assert response.status_code == 429
    assert "_auth_user_id" not in client.session
    until = timezone.localtime(retry_at(username="p-province", ip_address="198.51.100.7"))
    assert until > timezone.now()
    page = response.content.decode()
    assert "Login locked" in page
    assert f"You may try again after {until:%H:%M} on {until:%d/%m/%Y}." in page


def test_the_locked_page_speaks_vietnamese_by_default(client, personas):
    for n in range(5):
        _post(client, "p-province", f"wrong-{n}")
    response = _post(client, "p-province", f.PASSWORD)
    assert response.status_code == 429
    assert "Bạn có thể thử lại sau" in response.content.decode()


def test_another_address_cannot_log_in_to_the_locked_account(client, personas):
    for n in range(5):
        _post(client, "p-province", f"wrong-{n}", ip="198.51.100.7")
    assert _post(client, "p-province", f.PASSWORD, ip="203.0.113.9").status_code == 429


def test_a_forged_forwarded_for_does_not_make_a_new_client(client, personas):
    """Guessing many accounts from one address, each time naming another address in
    X-Forwarded-For: the address is still locked, so even a right password is refused."""
    for n in range(5):
        _post(client, f"nobody-{n}", "guess", HTTP_X_FORWARDED_FOR=f"10.9.{n}.1")
    response = _post(client, "p-commune", f.PASSWORD, HTTP_X_FORWARDED_FOR="10.200.0.1")
    assert response.status_code == 429
    assert set(AccessAttempt.objects.values_list("ip_address", flat=True)) == {"198.51.100.7"}


def test_the_right_password_before_the_limit_still_logs_in(client, personas):
    for n in range(4):
        _post(client, "p-province", f"wrong-{n}")
    response = _post(client, "p-province", f.PASSWORD)
    assert response.status_code == 302
    assert client.session["_auth_user_id"] == str(personas.province.pk)


class _Request:
    def __init__(self, remote, forwarded=None):
        self.META = {"REMOTE_ADDR": remote}
        if forwarded is not None:
            self.META["HTTP_X_FORWARDED_FOR"] = forwarded


def test_forwarded_for_is_ignored_without_a_trusted_proxy():
    assert client_ip(_Request("198.51.100.7", "203.0.113.5")) == "198.51.100.7"


@override_settings(TRUSTED_PROXIES=["10.0.0.1", "fd00::/8"])
def test_a_trusted_proxy_names_the_client():
    assert client_ip(_Request("10.0.0.1", "203.0.113.5")) == "203.0.113.5"
    # a client's own forged entry on the left is not read past the real client
    assert client_ip(_Request("10.0.0.1", "1.2.3.4, 203.0.113.5")) == "203.0.113.5"
    assert client_ip(_Request("fd00::2", "203.0.113.5, 10.0.0.1")) == "203.0.113.5"
    # the header from anyone else is still ignored
    assert client_ip(_Request("198.51.100.7", "203.0.113.5")) == "198.51.100.7"
    assert client_ip(_Request("10.0.0.1")) == "10.0.0.1"


def test_the_token_endpoint_has_the_same_limit(personas):
    api = APIClient()
    wrong = {"username": "p-province", "password": "guess"}
    statuses = [api.post(TOKEN, wrong, REMOTE_ADDR="198.51.100.7").status_code for _ in range(6)]
    assert statuses == [400, 400, 400, 400, 429, 429]
    right = {"username": "p-province", "password": f.PASSWORD}
    response = api.post(TOKEN, right, REMOTE_ADDR="198.51.100.8")
    assert response.status_code == 429
    assert "token" not in response.json()
    assert 0 < int(response["Retry-After"]) <= 15 * 60


def test_failures_on_the_page_and_the_token_endpoint_add_up(client, personas):
    for n in range(3):
        _post(client, "p-province", f"wrong-{n}")
    api = APIClient()
    wrong = {"username": "p-province", "password": "guess"}
    assert api.post(TOKEN, wrong, REMOTE_ADDR="203.0.113.1").status_code == 400
    assert api.post(TOKEN, wrong, REMOTE_ADDR="203.0.113.1").status_code == 429


def test_the_token_throttle_is_shared_by_every_worker_and_ignores_forged_headers():
    from django.core.cache import caches
    from django.core.cache.backends.db import DatabaseCache
    from django.test import RequestFactory

    from ocop.api.views import TokenThrottle

    assert isinstance(TokenThrottle.cache, DatabaseCache)
    assert TokenThrottle.cache is caches["shared"]
    factory = RequestFactory()
    plain = factory.post(TOKEN, REMOTE_ADDR="198.51.100.7")
    forged = factory.post(TOKEN, REMOTE_ADDR="198.51.100.7", HTTP_X_FORWARDED_FOR="1.2.3.4")
    assert TokenThrottle().get_ident(plain) == TokenThrottle().get_ident(forged) == "198.51.100.7"


def _lock(client, username):
    for n in range(5):
        _post(client, username, f"wrong-{n}", ip=f"203.0.113.{n + 1}")


def test_a_provincial_officer_unlocks_an_account_in_the_province(client, personas):
    _lock(client, "p-commune")
    officer = f.UserFactory(username="officer")
    officer.set_password(f.PASSWORD)
    officer.save()
    client.force_login(personas.province)
    page = client.get(reverse("accounts:lockouts"))
    assert page.status_code == 200
    assert "p-commune" in page.content.decode()
    response = client.post(reverse("accounts:lockout_clear"), {"username": "p-commune"})
    assert response.status_code == 302
    client.logout()
    assert _post(client, "p-commune", f.PASSWORD, ip="203.0.113.77").status_code == 302
    event = AuditEvent.objects.get(action="accounts.login.unlocked")
    assert event.actor == personas.province and event.object_id == str(personas.commune.pk)


def test_an_officer_cannot_unlock_an_account_outside_the_scope(client, personas, units):
    outsider = f.UserFactory(username="hanoi-officer")
    f.grant(outsider, "commune_officer", unit=units.hanoi_commune)
    _lock(client, "hanoi-officer")
    with pytest.raises(PermissionDeniedError):
        account_unlock(actor=personas.province, username="hanoi-officer")
    with pytest.raises(PermissionDeniedError):
        # the commune officer looks after its producers' accounts, not the province's officers
        account_unlock(actor=personas.commune, username="p-province")
    client.force_login(personas.province)
    assert "hanoi-officer" not in client.get(reverse("accounts:lockouts")).content.decode()
    assert account_unlock(actor=personas.central, username="hanoi-officer") > 0


def test_logins_and_failures_are_in_the_audit_log(client, personas):
    _post(client, "p-province", "wrong")
    _post(client, "no-such-user", "wrong")
    _post(client, "p-province", f.PASSWORD)
    failed = AuditEvent.objects.filter(action="accounts.login.failed").order_by("id")
    assert [e.new["username"] for e in failed] == ["p-province", "no-such-user"]
    assert failed[0].object_id == str(personas.province.pk) and failed[1].object_id == ""
    assert all(e.new["ip"] == "198.51.100.7" for e in failed)
    ok = AuditEvent.objects.get(action="accounts.login.succeeded")
    assert ok.actor == personas.province
    assert "password" not in str(failed[0].new) and "wrong" not in str(failed[0].new)


def test_refusals_while_locked_are_audited_as_such(client, personas):
    for n in range(6):
        _post(client, "p-province", f"wrong-{n}")
    assert AuditEvent.objects.filter(action="accounts.login.refused_locked").count() == 1
