"""Expiry warnings: 180, 120 and 30 days before a certificate expires and on the day it expires,
each sent once, caught up once when a day was missed, never an older one after a newer one."""

import datetime
import json
from io import StringIO

import pytest
from django.core import mail
from django.core.management import call_command
from django.core.management.base import CommandError
from django.db import transaction

from ocop.accounts.models import Role
from ocop.core.models import AuditEvent
from ocop.notifications.models import Channel, Notification
from ocop.notifications.services import preference_set
from ocop.programme.services.warnings import (
    RECIPIENT_SOURCES,
    expiry_warnings_send,
    recipient_source,
    threshold_due,
    warning_recipients,
)
from tests import factories as f
from tests.programme.notify_world import make_certificate

pytestmark = pytest.mark.django_db

EXPIRES = datetime.date(2027, 6, 30)
DAY = datetime.timedelta(days=1)


@pytest.fixture
def cert(units, producer, product_set):
    product = f.ProductFactory(
        producer=producer, product_set=product_set, status="recognised", stars=3
    )
    return make_certificate(product, units.phu_tho, expires_on=EXPIRES)


def send(day):
    return expiry_warnings_send(day=day)


def kinds(sent):
    return sorted({row["kind"] for row in sent})


@pytest.mark.parametrize("days", [180, 120, 30, 0])
def test_each_threshold_is_sent_on_its_day_not_before_and_not_again(cert, personas, days):
    threshold_day = EXPIRES - datetime.timedelta(days=days)
    expected = "certificate_expires_today" if days == 0 else f"certificate_expires_in_{days}_days"
    before = send(threshold_day - DAY)  # the previous threshold's days, or nothing before 180
    assert expected not in kinds(before)
    assert send(threshold_day - DAY) == []
    sent = send(threshold_day)
    assert kinds(sent) == [expected]
    assert {row["certificate"] for row in sent} == {cert.code}
    assert {row["recipient"] for row in sent} >= {"p-producer", "p-province", "p-commune"}
    assert send(threshold_day + DAY) == []
    assert send(threshold_day) == []


def test_nothing_before_the_first_threshold(cert, personas):
    assert send(EXPIRES - datetime.timedelta(days=181)) == []
    assert threshold_due(EXPIRES, EXPIRES - datetime.timedelta(days=181)) is None
    assert threshold_due(EXPIRES, EXPIRES - datetime.timedelta(days=180)) == 180
    assert threshold_due(EXPIRES, EXPIRES - datetime.timedelta(days=121)) == 180
    assert threshold_due(EXPIRES, EXPIRES - datetime.timedelta(days=31)) == 120
    assert threshold_due(EXPIRES, EXPIRES - DAY) == 30
    assert threshold_due(EXPIRES, EXPIRES) == 0
    assert threshold_due(EXPIRES, EXPIRES + DAY) is None


def test_recipients_are_the_producer_accounts_and_the_officers_covering_the_product(
    cert, units, personas
):
    hanoi = f.UserFactory(username="p-hanoi")
    f.grant(hanoi, Role.PROVINCE_OFFICE, unit=units.hanoi)
    lapsed = f.UserFactory(username="p-lapsed")
    f.grant(lapsed, Role.COMMUNE_OFFICER, unit=units.phu_lai, active=False)
    other_commune = f.UserFactory(username="p-other-commune")
    f.grant(other_commune, Role.COMMUNE_OFFICER, unit=units.lac_son_commune)
    new_commune = f.UserFactory(username="p-new-commune")
    f.grant(new_commune, Role.COMMUNE_OFFICER, unit=units.new_commune)  # covers Phú Lai today
    names = [u.username for u in warning_recipients(cert, EXPIRES)]
    assert names == ["p-commune", "p-district", "p-new-commune", "p-producer", "p-province"]


def test_a_recipient_source_can_be_added(cert, personas):
    extra = f.UserFactory(username="p-extra")

    def responsible(certificate, day):
        return [extra]

    recipient_source(responsible)
    try:
        assert extra in warning_recipients(cert, EXPIRES)
    finally:
        RECIPIENT_SOURCES.remove(responsible)


def test_a_missed_day_is_caught_up_once_with_the_latest_threshold_only(cert, personas):
    # nothing ran for 180 days before expiry; the first run comes 100 days before it
    sent = send(EXPIRES - datetime.timedelta(days=100))
    assert kinds(sent) == ["certificate_expires_in_120_days"]
    assert send(EXPIRES - datetime.timedelta(days=99)) == []
    # an older threshold is never sent after a newer one, even if asked for an earlier day
    assert send(EXPIRES - datetime.timedelta(days=150)) == []
    assert kinds(send(EXPIRES - datetime.timedelta(days=30))) == ["certificate_expires_in_30_days"]


def test_superseded_revoked_and_expired_certificates_are_not_warned(
    cert, units, personas, producer, product_set
):
    cert.revoked, cert.revoked_on = True, EXPIRES - datetime.timedelta(days=200)
    cert.save()
    other = f.ProductFactory(producer=producer, product_set=product_set, status="recognised")
    old = make_certificate(other, units.phu_tho, expires_on=EXPIRES)
    make_certificate(
        other,
        units.phu_tho,
        expires_on=EXPIRES + datetime.timedelta(days=3 * 365),
        previous=old,
        kind="reevaluation",
    )
    old.superseded, old.superseded_on = True, EXPIRES - datetime.timedelta(days=150)
    old.save()
    assert send(EXPIRES - datetime.timedelta(days=120)) == []
    assert send(EXPIRES + DAY) == []


def test_the_message_is_in_vietnamese_with_a_link_to_the_certificate(cert, personas):
    send(EXPIRES - datetime.timedelta(days=180))
    note = Notification.objects.get(recipient=personas.producer)
    assert note.language == "vi"
    assert cert.code in note.subject and "30/06/2027" in note.body
    assert "Hồ sơ đánh giá lại" in note.body
    assert note.link == f"/chung-nhan/{cert.code}/"
    event = AuditEvent.objects.get(action="programme.certificate.expiry_warned")
    assert event.object_id == str(cert.pk) and "p-producer" in event.new["recipients"]


def test_email_follows_the_users_choice_and_leaves_after_commit(
    cert, personas, django_capture_on_commit_callbacks
):
    producer = personas.producer
    producer.email = "hoa@example.vn"
    producer.save()
    preference_set(actor=producer, channels="email", language="en")
    with django_capture_on_commit_callbacks(execute=False) as callbacks:
        send(EXPIRES - datetime.timedelta(days=30))
    assert mail.outbox == []  # nothing leaves before the transaction commits
    rows = Notification.objects.filter(recipient=producer)
    assert [(r.channel, r.language) for r in rows] == [(Channel.EMAIL, "en")]
    assert "expires on 30/06/2027" in rows[0].subject
    for callback in callbacks:
        callback()
    assert [m.to for m in mail.outbox] == [["hoa@example.vn"]]
    assert mail.outbox[0].subject == rows[0].subject
    assert f"/chung-nhan/{cert.code}/" in mail.outbox[0].body


def test_nothing_is_sent_when_the_transaction_rolls_back(
    cert, personas, django_capture_on_commit_callbacks
):
    producer = personas.producer
    producer.email = "hoa@example.vn"
    producer.save()

    class Abort(Exception):
        pass

    with (
        django_capture_on_commit_callbacks(execute=True) as callbacks,
        pytest.raises(Abort),
        transaction.atomic(),
    ):
        assert send(EXPIRES - datetime.timedelta(days=30))
        raise Abort
    assert callbacks == [] and mail.outbox == []
    assert not Notification.objects.exists()
    assert send(EXPIRES - datetime.timedelta(days=30))  # the next run sends them


def test_notify_due_command_prints_json_and_a_second_run_sends_nothing(cert, personas):
    out = StringIO()
    call_command("notify", "due", "--on", "01/01/2027", "--format", "json", stdout=out)
    payload = json.loads(out.getvalue())
    assert {tuple(sorted(row)) for row in payload["sent"]} == {
        ("certificate", "channel", "kind", "recipient")
    }
    assert {row["recipient"] for row in payload["sent"]} >= {"p-producer", "p-province"}
    assert {row["channel"] for row in payload["sent"]} == {"in_app"}
    assert {row["kind"] for row in payload["sent"]} == {"certificate_expires_in_180_days"}
    again = StringIO()
    call_command("notify", "due", "--on", "2027-01-01", "--format", "json", stdout=again)
    assert json.loads(again.getvalue()) == {"sent": []}


def test_notify_due_command_refuses_a_month_first_day(cert):
    with pytest.raises(CommandError):
        call_command("notify", "due", "--on", "12/31/2026")
