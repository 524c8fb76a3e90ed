import pytest
from django.core.management import call_command
from django.urls import reverse

from ocop.accounts.models import RequestStatus, RoleAssignment, User
from ocop.accounts.rules import requests_visible_to
from ocop.certificates import signing
from ocop.certificates.catalogue import recognised_certificates
from ocop.certificates.models import Certificate
from ocop.programme.selectors.inspections import visits_visible_to
from ocop.programme.selectors.misuse import cases_visible_to
from ocop.registry.models import Document, Producer, Product, ProductOutlet, ProductStatus
from ocop.registry.selectors import products_visible_to

pytestmark = pytest.mark.django_db


@pytest.fixture
def demo(db):
    call_command("demo-data", "--no-reference", verbosity=0)


def test_demo_is_idempotent(demo):
    counts = (Producer.objects.count(), Product.objects.count(), Document.objects.count())
    certificates = Certificate.objects.count()
    call_command("demo-data", "--no-reference", verbosity=0)
    assert (Producer.objects.count(), Product.objects.count(), Document.objects.count()) == counts
    assert Certificate.objects.count() == certificates
    assert RoleAssignment.objects.filter(user__username__startswith="demo-").count() == 9


def test_demo_spreads_producers_over_the_districts_and_has_a_rice_spirit(demo):
    assert Producer.objects.count() >= 15 and Product.objects.count() >= 25
    districts = {p.commune.parent.code for p in Producer.objects.select_related("commune__parent")}
    assert len(districts) == 10
    assert recognised_certificates(query="ruou", set_number=14).exists()
    assert Product.objects.filter(status=ProductStatus.SUBMITTED).exists()


def test_demo_certificates_are_signed_like_issued_ones(demo):
    certificates = list(Certificate.objects.select_related("product"))
    assert certificates
    assert {signing.state(c) for c in certificates} == {"verified"}


def test_a_renewed_demo_certificate_is_superseded_on_the_renewal_day(demo):
    renewal = Certificate.objects.filter(previous__isnull=False).select_related("previous").first()
    assert renewal.previous.superseded
    assert renewal.previous.superseded_on == renewal.issued_on


def test_every_demo_record_says_it_is_invented(demo):
    assert all("minh họa" in p.description for p in Product.objects.all())
    assert all(d.content_type == "application/pdf" for d in Document.objects.all())


def test_demo_users_log_in_and_see_their_scope(client, demo):
    for username in (
        "demo-admin",
        "demo-province",
        "demo-province-2",
        "demo-department",
        "demo-district",
        "demo-commune",
        "demo-council",
        "demo-council-2",
        "demo-council-3",
        "demo-producer",
    ):
        assert client.login(username=username, password="ocop-demo"), username
    commune = User.objects.get(username="demo-commune")
    producer = User.objects.get(username="demo-producer")
    province = User.objects.get(username="demo-province")
    assert products_visible_to(province).count() == Product.objects.count()
    mine = products_visible_to(producer)
    assert mine.exists() and all(p.producer.name.startswith("Hợp tác xã Rượu") for p in mine)
    assert 0 < products_visible_to(commune).count() < Product.objects.count()
    # the second province's office sees none of the first province's products
    other = User.objects.get(username="demo-province-2")
    assert products_visible_to(other).count() == 0


def test_the_demo_commune_officer_has_a_producers_request_to_confirm(client, demo):
    officer = User.objects.get(username="demo-commune")
    waiting = requests_visible_to(officer).filter(status=RequestStatus.PENDING)
    assert waiting.count() == 1
    assert not requests_visible_to(User.objects.get(username="demo-province-2")).exists()
    client.force_login(officer)
    page = client.get(reverse("account_requests:confirm", kwargs={"pk": waiting.get().pk}))
    assert page.status_code == 200


def test_demo_shows_an_inspection_to_the_department_and_a_report_to_the_province(demo):
    department = User.objects.get(username="demo-department")
    province = User.objects.get(username="demo-province")
    visit = visits_visible_to(department).get()
    assert visit.findings.count() == 1 and visit.actions.count() == 1
    assert cases_visible_to(province).count() == 1
    call_command("demo-data", "--no-reference", verbosity=0)
    assert visits_visible_to(province).count() == 1 and cases_visible_to(province).count() == 1


def test_demo_products_have_a_public_face(demo, client):
    product = Product.objects.get(name="Rượu men lá Hàng Trạm")
    assert product.story and product.photos.count() >= 2
    assert ProductOutlet.objects.filter(product=product).count() == 3
    page = client.get(reverse("portal:product", kwargs={"code": product.public_code})).text
    assert "Phiên chợ OCOP cuối tuần" in page and "htx-hangtram@example.vn" in page
    outlets = ProductOutlet.objects.count()
    call_command("demo-data", "--no-reference", verbosity=0)
    assert ProductOutlet.objects.count() == outlets
