"""Notifications: recorded once per event and channel, read only by their recipient, counted
in the header with one query, and sent by the channel the user chose."""

import pytest
from django.db import IntegrityError, connection, transaction
from django.test.utils import CaptureQueriesContext
from django.urls import reverse
from django.utils.translation import gettext_lazy as _

from ocop.core.exceptions import DomainError
from ocop.notifications.models import Channel, Notification
from ocop.notifications.services import notify, preference_set
from tests import factories as f

pytestmark = pytest.mark.django_db


@pytest.fixture
def hoa(db):
    return f.UserFactory(username="hoa", email="hoa@example.vn")


@pytest.fixture
def lan(db):
    return f.UserFactory(username="lan")


def send(users, key="event-1"):
    return notify(
        recipients=users,
        kind="test",
        event_key=key,
        subject=_("Notifications"),
        body="Hello %(name)s",
        params={"name": "Hoa"},
        link="/chung-nhan/",
    )


def test_one_row_per_chosen_channel_and_never_twice_for_an_event(hoa, lan):
    rows = send([hoa, lan, hoa])
    assert sorted((r.recipient.username, r.channel) for r in rows) == [
        ("hoa", "email"),
        ("hoa", "in_app"),
        ("lan", "in_app"),  # no e-mail address: the message stays in the application
    ]
    assert send([hoa, lan]) == []
    assert Notification.objects.count() == 3
    assert rows[0].body == "Hello Hoa" and str(rows[0].subject) == "Thông báo"


def test_the_database_refuses_a_second_row_for_the_same_event(hoa):
    send([hoa])
    with pytest.raises(IntegrityError), transaction.atomic():
        Notification.objects.create(
            recipient=hoa, channel=Channel.IN_APP, kind="test", event_key="event-1", subject="x"
        )


def test_channel_choice_is_respected(hoa):
    preference_set(actor=hoa, channels="in_app")
    assert [r.channel for r in send([hoa])] == ["in_app"]
    preference_set(actor=hoa, channels="email", language="en")
    rows = send([hoa], key="event-2")
    assert [(r.channel, r.language, r.subject) for r in rows] == [("email", "en", "Notifications")]
    with pytest.raises(DomainError):
        preference_set(actor=hoa, channels="pigeon")


def test_inactive_users_are_not_notified(hoa):
    hoa.is_active = False
    hoa.save()
    assert send([hoa]) == []


def test_list_marks_read_and_counts_unread_in_the_header(client, hoa, lan):
    send([hoa, lan])
    send([hoa], key="event-2")
    client.force_login(hoa)
    page = client.get(reverse("notifications:list"))
    assert page.status_code == 200
    assert 'class="badge count">2<' in page.text
    mine = Notification.objects.filter(recipient=hoa, channel="in_app").first()
    response = client.post(reverse("notifications:read", kwargs={"code": mine.public_code}))
    assert response.status_code == 302
    mine.refresh_from_db()
    assert mine.read_at is not None
    assert 'class="badge count">1<' in client.get(reverse("notifications:list")).text
    client.post(reverse("notifications:read_all"))
    assert not Notification.objects.filter(
        recipient=hoa, channel="in_app", read_at__isnull=True
    ).exists()
    assert Notification.objects.filter(recipient=lan, read_at__isnull=True).exists()


def test_open_marks_read_and_follows_the_link(client, hoa):
    (row, _email) = sorted(send([hoa]), key=lambda r: r.channel != "in_app")
    client.force_login(hoa)
    response = client.post(
        reverse("notifications:read", kwargs={"code": row.public_code}), {"open": "1"}
    )
    assert response.status_code == 302 and response.url == "/chung-nhan/"


def test_another_users_notification_answers_404(client, hoa, lan):
    send([lan])
    theirs = Notification.objects.get(recipient=lan)
    client.force_login(hoa)
    response = client.post(reverse("notifications:read", kwargs={"code": theirs.public_code}))
    assert response.status_code == 404
    theirs.refresh_from_db()
    assert theirs.read_at is None


def test_unread_count_costs_one_query_per_request(client, hoa):
    for n in range(5):
        send([hoa], key=f"event-{n}")
    client.force_login(hoa)
    url = reverse("accounts:me")
    client.get(url)
    with CaptureQueriesContext(connection) as queries:
        client.get(url)
    counting = [q for q in queries if "notifications_notification" in q["sql"]]
    assert len(counting) == 1


def test_preferences_page_saves_the_choice(client, hoa):
    client.force_login(hoa)
    response = client.post(
        reverse("notifications:preferences"), {"channels": "in_app", "language": "en"}
    )
    assert response.status_code == 302
    assert hoa.notification_preference.channels == "in_app"
    assert hoa.notification_preference.language == "en"
