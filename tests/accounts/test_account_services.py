"""Accounts and roles run by officers: scope refusals, level rules, audit and e-mails."""

import pytest
from django.core import mail

from ocop.accounts import services
from ocop.accounts.models import AccountRequest, RequestStatus, Role, RoleAssignment
from ocop.accounts.rules import accounts_visible_to, requests_visible_to
from ocop.core.exceptions import DomainError, PermissionDeniedError, TransitionError
from ocop.core.models import AuditEvent
from tests import factories as f

pytestmark = pytest.mark.django_db


@pytest.fixture
def province(units):
    user = f.UserFactory(username="province")
    f.grant(user, Role.PROVINCE_OFFICE, unit=units.phu_tho)
    return user


@pytest.fixture
def hanoi(units):
    user = f.UserFactory(username="hanoi")
    f.grant(user, Role.PROVINCE_OFFICE, unit=units.hanoi)
    return user


@pytest.fixture
def commune(units):
    user = f.UserFactory(username="commune")
    f.grant(user, Role.COMMUNE_OFFICER, unit=units.new_commune)
    return user


def _create(actor, units, **kwargs):
    fields = {
        "username": "officer-a",
        "full_name": "Lê Văn A",
        "email": "a@example.vn",
        "role": Role.COMMUNE_OFFICER,
        "unit": units.new_commune,
    }
    return services.account_create(actor=actor, **{**fields, **kwargs})


def test_province_creates_a_commune_officer_and_invites_it(
    province, units, django_capture_on_commit_callbacks
):
    with django_capture_on_commit_callbacks(execute=True):
        user = _create(province, units)
    assert not user.has_usable_password()
    assert user.roles.get().unit == units.new_commune
    assert len(mail.outbox) == 1
    assert mail.outbox[0].to == ["a@example.vn"]
    assert "/tai-khoan/mat-khau/dat/" in mail.outbox[0].body
    actions = set(AuditEvent.objects.values_list("action", flat=True))
    assert {
        "accounts.account.created",
        "accounts.role.granted",
        "accounts.account.invited",
    } <= actions


def test_no_mail_leaves_when_the_transaction_fails(
    province, units, django_capture_on_commit_callbacks
):
    with django_capture_on_commit_callbacks(execute=True), pytest.raises(DomainError):
        _create(province, units, username="")
    assert mail.outbox == []


def test_province_may_not_create_a_province_officer(province, units):
    with pytest.raises(PermissionDeniedError):
        _create(province, units, role=Role.PROVINCE_OFFICE, unit=units.phu_tho)


def test_the_unit_must_fit_the_role(province, units):
    with pytest.raises(DomainError) as error:
        _create(province, units, role=Role.COMMUNE_OFFICER, unit=units.phu_tho)
    assert error.value.field == "unit"


def test_a_unit_no_longer_in_force_is_refused(province, units):
    with pytest.raises(DomainError):
        _create(province, units, unit=units.phu_lai)


def test_another_province_cannot_grant_here(hanoi, units):
    with pytest.raises(PermissionDeniedError):
        _create(hanoi, units)


def test_another_province_neither_sees_nor_changes_the_accounts_here(province, hanoi, units):
    user = _create(province, units, invite=False)
    assert user not in accounts_visible_to(hanoi)
    assert user in accounts_visible_to(province)
    for call in (services.account_deactivate, services.account_invite):
        with pytest.raises(PermissionDeniedError):
            call(actor=hanoi, user=user)
    with pytest.raises(PermissionDeniedError):
        services.role_revoke(actor=hanoi, assignment=user.roles.get())
    user.refresh_from_db()
    assert user.is_active


def test_commune_officer_grants_producers_only(commune, units, producer):
    with pytest.raises(PermissionDeniedError):
        _create(commune, units)


def test_an_account_with_a_role_outside_scope_is_out_of_reach(province, hanoi, units):
    user = _create(province, units, invite=False)
    f.grant(user, Role.COMMUNE_OFFICER, unit=units.hanoi_commune)
    assert user not in accounts_visible_to(province)
    with pytest.raises(PermissionDeniedError):
        services.account_deactivate(actor=province, user=user)


def test_deactivate_and_reactivate_are_audited(province, units):
    user = _create(province, units, invite=False)
    services.account_deactivate(actor=province, user=user)
    user.refresh_from_db()
    assert not user.is_active
    with pytest.raises(TransitionError):
        services.account_deactivate(actor=province, user=user)
    services.account_reactivate(actor=province, user=user)
    user.refresh_from_db()
    assert user.is_active
    assert AuditEvent.objects.filter(action="accounts.account.deactivated").count() == 1
    assert AuditEvent.objects.filter(action="accounts.account.reactivated").count() == 1


def test_an_officer_cannot_deactivate_itself(province):
    with pytest.raises(PermissionDeniedError):
        services.account_deactivate(actor=province, user=province)


def test_grant_then_revoke_but_never_the_last_role(province, units):
    user = _create(province, units, invite=False)
    second = services.role_grant(
        actor=province, user=user, role=Role.COUNCIL_MEMBER, unit=units.phu_tho
    )
    with pytest.raises(DomainError):
        services.role_grant(actor=province, user=user, role=Role.COUNCIL_MEMBER, unit=units.phu_tho)
    services.role_revoke(actor=province, assignment=second)
    second.refresh_from_db()
    assert not second.active
    with pytest.raises(DomainError):
        services.role_revoke(actor=province, assignment=user.roles.get(active=True))
    assert AuditEvent.objects.filter(action="accounts.role.revoked").count() == 1


def _request(units, **kwargs):
    fields = {
        "full_name": "Phạm Thị C",
        "producer_name": "HTX Chè Yên Trị",
        "tax_code": "",
        "commune": units.new_commune,
        "phone": "0912345678",
        "email": "c@example.vn",
    }
    return services.account_request(**{**fields, **kwargs})


def test_a_request_needs_a_commune_in_force_today(units):
    with pytest.raises(DomainError):
        _request(units, commune=units.phu_lai)
    with pytest.raises(DomainError):
        _request(units, commune=units.phu_tho)


def test_the_request_lands_in_the_communes_queue(units, commune, province, hanoi):
    request = _request(units)
    assert request in requests_visible_to(commune)
    assert request in requests_visible_to(province)
    assert request not in requests_visible_to(hanoi)


def test_commune_confirms_a_request_for_its_producer(
    units, commune, django_capture_on_commit_callbacks
):
    producer = f.ProducerFactory(commune=units.new_commune, province=units.phu_tho)
    request = _request(units)
    with django_capture_on_commit_callbacks(execute=True):
        user = services.account_request_confirm(
            actor=commune, account_request=request, producer=producer
        )
    request.refresh_from_db()
    assert request.status == RequestStatus.CONFIRMED
    assert request.user == user
    assert RoleAssignment.objects.get(user=user).producer == producer
    assert mail.outbox[0].to == ["c@example.vn"]
    with pytest.raises(TransitionError):
        services.account_request_reject(actor=commune, account_request=request, reason="x")


def test_a_producer_outside_scope_is_refused(units, commune, foreign_producer):
    request = _request(units)
    with pytest.raises(DomainError):
        services.account_request_confirm(
            actor=commune, account_request=request, producer=foreign_producer
        )
    assert AccountRequest.objects.get().status == RequestStatus.PENDING


def test_another_province_cannot_decide_the_request(units, hanoi):
    request = _request(units)
    with pytest.raises(PermissionDeniedError):
        services.account_request_reject(actor=hanoi, account_request=request, reason="x")


def test_reject_needs_a_reason_and_tells_the_requester(
    units, commune, django_capture_on_commit_callbacks
):
    request = _request(units)
    with pytest.raises(DomainError):
        services.account_request_reject(actor=commune, account_request=request, reason=" ")
    with django_capture_on_commit_callbacks(execute=True):
        services.account_request_reject(
            actor=commune, account_request=request, reason="Chủ thể không ở xã này"
        )
    assert "Chủ thể không ở xã này" in mail.outbox[0].body
    assert AccountRequest.objects.get().status == RequestStatus.REJECTED


def test_a_former_communes_officer_sees_the_request_of_the_commune_that_absorbed_it(units):
    former = f.UserFactory(username="former-commune")
    f.grant(former, Role.COMMUNE_OFFICER, unit=units.phu_lai)
    district = f.UserFactory(username="former-district")
    f.grant(district, Role.DISTRICT_OFFICER, unit=units.yen_thuy)
    request = _request(units)
    assert request in requests_visible_to(former)
    assert request not in requests_visible_to(district)


def test_a_role_on_a_former_unit_can_still_be_revoked(province, units):
    user = _create(province, units, invite=False)
    former = f.grant(user, Role.COMMUNE_OFFICER, unit=units.phu_lai)
    services.role_revoke(actor=province, assignment=former)
    former.refresh_from_db()
    assert not former.active
