"""A second province's users against the first's notifications and notification choices:
reading, marking read (one or all) and changing preferences touch only their own rows."""

from __future__ import annotations

import pytest
from django.forms.models import model_to_dict
from django.test import Client
from django.urls import reverse

from ocop.notifications.models import Notification, NotificationPreference
from ocop.notifications.services import preference_set
from tests.test_permission_matrix import world  # noqa: F401 - the matrix's world
from tests.test_second_province import province_b  # noqa: F401

pytestmark = pytest.mark.django_db


def _state() -> dict:
    """Every field of the notifications and choices of users outside province B."""
    rows = {}
    querysets = (
        Notification.objects.exclude(recipient__username__startswith="b-"),
        NotificationPreference.objects.exclude(user__username__startswith="b-"),
    )
    for queryset in querysets:
        for obj in queryset.order_by("pk"):
            values = model_to_dict(obj)
            values.pop("updated_at", None)
            rows[(type(obj).__name__, obj.pk)] = values
    return rows


def test_province_b_cannot_read_or_change_province_a_notifications(world, province_b):  # noqa: F811
    preference_set(actor=world.personas.producer, channels="in_app", language="vi")
    mine = world.notification
    before = _state()
    assert before
    for user in province_b.values():
        client = Client()
        client.force_login(user)
        read = reverse("notifications:read", kwargs={"code": mine.public_code})
        assert client.post(read).status_code == 404
        assert client.post(read, {"open": "1"}).status_code == 404
        assert client.post(reverse("notifications:read_all")).status_code == 302
        client.post(reverse("notifications:preferences"), {"channels": "email", "language": "en"})
        assert mine.subject not in client.get(reverse("notifications:list")).text
    assert _state() == before
    assert NotificationPreference.objects.filter(user__username__startswith="b-").count() == 2
