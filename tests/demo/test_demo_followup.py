import pytest
from django.core.management import call_command
from django.test import Client
from django.urls import reverse

from ocop.accounts.models import User
from ocop.programme.models import (
    AllocationStatus,
    ReportStatus,
    ResponsibleOfficer,
    SupportAllocation,
    TrainingSession,
    UnitReport,
)

pytestmark = pytest.mark.django_db


def test_the_demo_shows_training_support_and_follow_up_to_their_users():
    call_command("demo-data", "--no-reference", verbosity=0)
    call_command("demo-data", "--no-reference", verbosity=0)  # idempotent
    session = TrainingSession.objects.get()
    assert session.attendees.filter(attended=True).count() == 2
    assert SupportAllocation.objects.get().status == AllocationStatus.APPROVED
    assert ResponsibleOfficer.objects.filter(ended_on__isnull=True).count() == 2
    report = UnitReport.objects.get()
    assert report.status == ReportStatus.SUBMITTED

    client = Client()
    client.force_login(User.objects.get(username="demo-province"))
    page = client.get(reverse("programme:report_detail", kwargs={"code": report.public_code}))
    assert "Gửi ý kiến trả lời" in page.content.decode()  # the answer form awaits the province
    dashboard = client.get(reverse("portal:dashboard")).content.decode()
    assert "Báo cáo của đơn vị chờ bạn trả lời" in dashboard
    assert "45.000.000 đ" in client.get(reverse("programme:support_index")).content.decode()
    client.force_login(User.objects.get(username="demo-district"))
    assert session.topic in client.get(reverse("programme:training_list")).content.decode()
    client.force_login(User.objects.get(username="demo-province-2"))
    assert (
        client.get(
            reverse("programme:report_detail", kwargs={"code": report.public_code})
        ).status_code
        == 404
    )
