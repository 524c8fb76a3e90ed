"""The account pages: a producer asks, the commune confirms, the requester chooses a password;
officers create accounts; the admin is closed to officers."""

import re

import pytest
from django.core import mail
from django.urls import reverse

from ocop.accounts.models import AccountRequest, RequestStatus, Role, User
from ocop.registry.models import LegalForm, Producer
from tests import factories as f

pytestmark = pytest.mark.django_db


@pytest.fixture
def commune_officer(units):
    user = f.UserFactory(username="commune")
    f.grant(user, Role.COMMUNE_OFFICER, unit=units.new_commune)
    return user


def _ask(client, units):
    return client.post(
        reverse("accounts:request_new"),
        {
            "full_name": "Phạm Thị C",
            "producer_name": "HTX Chè Yên Trị",
            "tax_code": "",
            "commune": units.new_commune.pk,
            "phone": "0912345678",
            "email": "c@example.vn",
        },
    )


def _link(message) -> str:
    return re.search(r"https?://\S+", message.body).group(0).split("://", 1)[1].split("/", 1)[1]


def test_a_producer_asks_the_commune_confirms_and_the_producer_logs_in(
    client, units, commune_officer, django_capture_on_commit_callbacks
):
    response = _ask(client, units)
    assert response.status_code == 302
    request = AccountRequest.objects.get()

    client.force_login(commune_officer)
    queue = client.get(reverse("accounts:requests"))
    assert "HTX Chè Yên Trị" in queue.content.decode()
    confirm = reverse("account_requests:confirm", kwargs={"pk": request.pk})
    assert client.get(confirm).status_code == 200
    with django_capture_on_commit_callbacks(execute=True):
        response = client.post(confirm, {"producer": "", "legal_form": LegalForm.COOPERATIVE})
    assert response.status_code == 302
    request.refresh_from_db()
    assert request.status == RequestStatus.CONFIRMED
    producer = Producer.objects.get(name="HTX Chè Yên Trị")
    assert producer.commune == units.new_commune
    assert request.user.roles.get().producer == producer

    client.logout()
    link = "/" + _link(mail.outbox[0])
    page = client.get(link, follow=True)
    assert page.status_code == 200
    password = "Chè-xanh-Yên-Trị-2026"
    done = client.post(
        page.redirect_chain[-1][0] if page.redirect_chain else link,
        {"new_password1": password, "new_password2": password},
    )
    assert done.status_code == 302
    assert client.login(username=request.user.username, password=password)


def test_the_confirm_page_links_an_existing_producer(
    client, units, commune_officer, django_capture_on_commit_callbacks
):
    producer = f.ProducerFactory(commune=units.new_commune, province=units.phu_tho)
    _ask(client, units)
    request = AccountRequest.objects.get()
    client.force_login(commune_officer)
    with django_capture_on_commit_callbacks(execute=True):
        client.post(
            reverse("account_requests:confirm", kwargs={"pk": request.pk}),
            {"producer": producer.pk},
        )
    request.refresh_from_db()
    assert request.user.roles.get().producer == producer
    assert Producer.objects.count() == 1


def test_reject_from_the_queue_mails_the_reason(
    client, units, commune_officer, django_capture_on_commit_callbacks
):
    _ask(client, units)
    request = AccountRequest.objects.get()
    client.force_login(commune_officer)
    with django_capture_on_commit_callbacks(execute=True):
        client.post(
            reverse("accounts:request_reject", kwargs={"pk": request.pk}),
            {"reason": "Không có cơ sở sản xuất"},
        )
    request.refresh_from_db()
    assert request.status == RequestStatus.REJECTED
    assert "Không có cơ sở sản xuất" in mail.outbox[0].body


def test_province_creates_an_account_from_the_page(
    client, units, django_capture_on_commit_callbacks
):
    officer = f.UserFactory(username="province")
    f.grant(officer, Role.PROVINCE_OFFICE, unit=units.phu_tho)
    client.force_login(officer)
    with django_capture_on_commit_callbacks(execute=True):
        response = client.post(
            reverse("accounts:account_create"),
            {
                "username": "can-bo-xa",
                "full_name": "Cán bộ xã",
                "email": "xa@example.vn",
                "role": Role.COMMUNE_OFFICER,
                "unit": units.new_commune.pk,
            },
        )
    assert response.status_code == 302
    assert mail.outbox[0].to == ["xa@example.vn"]
    listing = client.get(reverse("accounts:account_list"), {"q": "can-bo"})
    assert "can-bo-xa" in listing.content.decode()
    filtered = client.get(reverse("accounts:account_list"), {"role": Role.COUNCIL_MEMBER})
    assert "can-bo-xa" not in filtered.content.decode()


def test_forgot_password_sends_a_link(client, units, django_capture_on_commit_callbacks):
    f.UserFactory(username="someone", email="someone@example.vn")
    response = client.post(reverse("accounts:password_reset"), {"email": "someone@example.vn"})
    assert response.status_code == 302
    assert len(mail.outbox) == 1
    assert "/tai-khoan/mat-khau/dat/" in mail.outbox[0].body


def test_the_account_pages_speak_vietnamese(client, units):
    user = f.UserFactory(username="nobody")
    client.force_login(user)
    page = client.get(reverse("accounts:me"), HTTP_ACCEPT_LANGUAGE="vi").content.decode()
    assert "Tài khoản của tôi" in page
    assert "Vai trò của tôi" in page
    assert "Chưa có vai trò nào." in page
    assert "My roles" not in page
    form = client.get(reverse("accounts:request_new"), HTTP_ACCEPT_LANGUAGE="vi").content.decode()
    assert "Đề nghị cấp tài khoản" in form


def test_the_admin_is_closed_to_staff_officers(client, units):
    officer = f.UserFactory(username="staff-officer", is_staff=True)
    f.grant(officer, Role.PROVINCE_OFFICE, unit=units.phu_tho)
    client.force_login(officer)
    assert client.get("/admin/").status_code == 302
    admin = User.objects.create_superuser("root", "root@example.vn", "x")
    client.force_login(admin)
    assert client.get("/admin/").status_code == 200
