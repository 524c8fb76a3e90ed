"""The demo shows the expiry warnings: one certificate inside its re-evaluation window, one
expired, and the warnings already in demo-producer's and demo-province's notifications."""

import pytest
from django.core.management import call_command
from django.urls import reverse
from django.utils import timezone

from ocop.accounts.models import User
from ocop.certificates.models import Certificate
from ocop.certificates.reevaluation import reevaluation_window
from ocop.certificates.selectors import certificates_in_force
from ocop.certificates.status import CertificateStatus, status_q
from ocop.notifications.models import Notification

pytestmark = pytest.mark.django_db


def test_demo_warns_the_producer_and_the_province_once(client):
    call_command("demo-data", "--no-reference", verbosity=0)
    today = timezone.localdate()
    in_window = [
        c
        for c in Certificate.objects.filter(status_q(CertificateStatus.VALID, today))
        if reevaluation_window(c)[0] <= today <= reevaluation_window(c)[1]
    ]
    assert in_window
    assert certificates_in_force(today).filter(status_q(CertificateStatus.EXPIRED, today)).exists()
    for username in ("demo-producer", "demo-province", "demo-commune"):
        user = User.objects.get(username=username)
        kinds = set(Notification.objects.filter(recipient=user).values_list("kind", flat=True))
        assert {"certificate_expires_in_180_days", "certificate_expires_in_30_days"} <= kinds
    assert not Notification.objects.filter(recipient__username="demo-province-2").exists()
    count = Notification.objects.count()
    call_command("demo-data", "--no-reference", verbosity=0)
    assert Notification.objects.count() == count

    client.force_login(User.objects.get(username="demo-producer"))
    page = client.get(reverse("notifications:list"))
    assert in_window[0].code in page.text
    assert 'class="badge count">2<' in page.text
