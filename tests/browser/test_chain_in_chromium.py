"""The whole chain on the demo data, by the demo users, through the pages as the offices work
it: each one logs in on the login page; the producer opens an upgrade dossier for one of its
products, uploads a document from it and submits; the commune reviews and forwards; the
province opens a round (days typed dd/mm/yyyy), enrols from its queue, seats the council from
the list of accounts and assigns; every member scores (saved on every change) and submits with
confirmation; the province finalises and issues the decision; a visitor follows the public
address printed on the certificate and sees it valid, in Vietnamese."""

import datetime

import pytest
from django.core.management import call_command
from django.urls import reverse
from django.utils import timezone

from ocop.accounts.models import User
from ocop.certificates.models import Certificate
from ocop.evaluation.models import Enrolment, Round, ScoreSheet
from ocop.evaluation.selectors import sheet_of
from ocop.registry.models import Dossier, DossierStatus, Product
from ocop.registry.services import REVIEW_TOPICS
from tests.certificates.test_documents import pdf_text
from tests.evaluation import factories as ef
from tests.registry.factories import PDF

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]

PRODUCT = "Rượu ngô men lá"  # the demo cooperative's three-star spirit, up for four stars
COUNCIL = [  # (demo user, position on the council)
    ("demo-council-2", "chair"),
    ("demo-council-3", "secretary"),
    ("demo-council", "member"),
]


@pytest.fixture
def demo(settings, live_server):
    """The demo as ``ocop demo --port N`` serves it: its data, its banner, and the public
    addresses it prints leading to itself."""
    call_command("demo-data", verbosity=0)
    settings.DEMO = True
    settings.SITE_URL = live_server.url


def _log_in(watched, username: str):
    """A fresh browser that logs in on the login page, as a person would."""
    w = watched()
    w.questions = []

    def answer(dialog):  # the data-confirm questions, asked in Vietnamese
        w.questions.append(dialog.message)
        dialog.accept()

    w.page.on("dialog", answer)
    w.page.goto("/")
    _click(w.page, f"nav a[href='{reverse('accounts:login')}']")
    assert "demo-council-2" in w.page.content()  # the demo hint names every demo account
    _type(w.page, "#id_username", username)
    _type(w.page, "#id_password", "ocop-demo")
    _click(w.page, "main form button[type=submit]")
    assert w.page.url.endswith(reverse("portal:dashboard")), w.page.url
    return w


def _click(page, selector: str) -> None:
    with page.expect_navigation():
        page.locator(selector).first.click()


def _type(page, selector: str, text: str) -> None:
    box = page.locator(selector)
    box.fill("")
    box.press_sequentially(text, delay=2)


def _clean(w) -> None:
    assert not w.problems, "\n".join(w.problems)
    w.close()


def _day(day: datetime.date) -> str:
    return day.strftime("%d/%m/%Y")


def test_the_chain_by_the_demo_users(watched, demo):
    from playwright.sync_api import expect

    spirit = Product.objects.get(name=PRODUCT)
    today = timezone.localdate()

    # the producer: its product, an upgrade dossier, a document uploaded from it, submitted
    w = _log_in(watched, "demo-producer")
    _click(w.page, f"nav a[href='{reverse('registry:product_list')}']")
    _click(w.page, f"main a:text-is('{PRODUCT}')")
    _click(w.page, f"a[href='{reverse('registry:dossier_create', args=[spirit.public_code])}']")
    _click(w.page, "main form button[type=submit]")
    dossier = Dossier.objects.get(product=spirit, status=DossierStatus.DRAFT)
    assert w.page.url.endswith(reverse("registry:dossier_detail", args=[dossier.public_code]))
    _click(w.page, f"a[href='{reverse('registry:dossier_upload', args=[dossier.public_code])}']")
    w.page.select_option("#id_doc_type", "food_safety")
    _type(w.page, "#id_title", "Giấy chứng nhận ATTP 2026")
    _type(w.page, "#id_issued_on", _day(today))
    w.page.set_input_files(
        "#id_file", {"name": "attp.pdf", "mimeType": "application/pdf", "buffer": PDF}
    )
    _click(w.page, "main form button[type=submit]")
    assert "Giấy chứng nhận ATTP 2026" in w.page.content()
    _click(w.page, "main form[action$='/gui/'] button")
    assert w.questions == ["Nộp hồ sơ cho xã?"]
    dossier.refresh_from_db()
    assert dossier.status == DossierStatus.SUBMITTED
    _clean(w)

    # the commune: the queue on the workspace, the dossier, the review, forwarded
    w = _log_in(watched, "demo-commune")
    _click(w.page, ".queues a[href$='trang_thai=submitted']")
    _click(
        w.page, f"main a[href='{reverse('registry:dossier_detail', args=[dossier.public_code])}']"
    )
    _click(w.page, f"a[href='{reverse('registry:dossier_review', args=[dossier.public_code])}']")
    for key, _label in REVIEW_TOPICS:
        w.page.check(f"input[name={key}_ok][value=yes]")
    w.page.check("input[name=decision][value=forward]")
    _click(w.page, "main form button[type=submit]")
    dossier.refresh_from_db()
    assert dossier.status == DossierStatus.FORWARDED
    _clean(w)

    # the province: a round with its days typed, opened, enrolment from the queue
    w = _log_in(watched, "demo-province")
    _click(w.page, f"main a.tile[href='{reverse('evaluation:rounds')}']")
    _click(w.page, f"main a[href='{reverse('evaluation:round_create')}']")
    w.page.select_option("#id_level", "province")
    w.page.select_option("#id_unit", label="Tỉnh Phú Thọ")
    _type(w.page, "#id_year", str(today.year))
    _type(w.page, "#id_number", "9")
    _type(w.page, "#id_opens_on", _day(today))
    _type(w.page, "#id_intake_deadline", _day(today + datetime.timedelta(days=30)))
    _type(w.page, "#id_decision_deadline", _day(today + datetime.timedelta(days=60)))
    _click(w.page, "main form button[type=submit]")
    round_ = Round.objects.get(year=today.year, number=9)
    assert round_.decision_deadline == today + datetime.timedelta(days=60)
    _click(w.page, "main form[action$='/mo/'] button")
    w.page.check(f"#queue input[name=dossiers][value='{dossier.public_code}']")
    _click(w.page, "#queue button[type=submit]")
    enrolment = Enrolment.objects.get(round=round_, dossier=dossier)

    # the council, seated from the list of accounts, and the assignment
    _click(w.page, f"main a[href='{reverse('evaluation:council', args=[round_.public_code])}']")
    _type(w.page, "#name", "Hội đồng đánh giá, phân hạng sản phẩm OCOP tỉnh Phú Thọ")
    _click(w.page, "form:has(input[name=op][value=council]) button")
    for username, position in COUNCIL:
        form = w.page.locator("form:has(input[name=op][value=member])")
        form.locator("select[name=user]").select_option(label=_account_label(username))
        form.locator("select[name=position]").select_option(position)
        with w.page.expect_navigation():
            form.locator("button").click()
    _click(w.page, f"h1 a[href='{reverse('evaluation:round', args=[round_.public_code])}']")
    w.page.check(f"input[name=enrolments][value='{enrolment.public_code}']")
    for box in w.page.locator("#assign input[name=members]").all():
        box.check()
    _click(w.page, "#assign button[type=submit]")
    assert ScoreSheet.objects.filter(assignment__enrolment=enrolment).count() == len(COUNCIL)
    _clean(w)

    # every member: the sheet from the workspace, scored (saved as a draft on every choice),
    # submitted with confirmation
    sheet = sheet_of(enrolment.product_set)
    answers = ef.answers_with_total(80, sheet)
    for username, _position in COUNCIL:
        w = _log_in(watched, username)
        _click(w.page, f".queues a[href^='{reverse('evaluation:my_sheets')}']")
        _click(
            w.page, f"main a[href='{reverse('evaluation:sheet', args=[enrolment.public_code])}']"
        )
        version = w.page.input_value("#sheet-version")
        for crit in sheet.criteria:
            points = answers[crit.code]
            index = next((o.index for o in crit.options if str(o.points) == points), None)
            w.page.check(
                f"input[name='c-{crit.code}'][value='{'none' if index is None else index}']"
            )
        expect(w.page.locator("#summary")).to_contain_text("80")
        expect(w.page.locator("#sheet-version")).not_to_have_value(version)  # the draft saved
        w.page.check("input[name=confirm]")
        _click(w.page, "button[name=op][value=submit]")
        own = ScoreSheet.objects.get(
            assignment__enrolment=enrolment, assignment__member__user__username=username
        )
        assert own.status == "submitted" and own.total == 80, username
        assert [q.split("?")[0] for q in w.questions] == ["Nộp phiếu chấm"]
        _clean(w)

    # the province: the result computed and finalised, the decision issued with its day typed
    w = _log_in(watched, "demo-province")
    _click(w.page, f".queues a[href^='{reverse('evaluation:results_queue')}']")
    _click(
        w.page, f"main a[href='{reverse('evaluation:enrolment', args=[enrolment.public_code])}']"
    )
    _click(w.page, "form:has(input[name=op][value=compute]) button")
    w.page.check("form:has(input[name=op][value=finalise]) input[name=confirm]")
    _click(w.page, "form:has(input[name=op][value=finalise]) button")
    enrolment.result.refresh_from_db()
    assert enrolment.result.final and enrolment.result.stars == 4
    _click(w.page, f"nav a[href='{reverse('portal:dashboard')}']")
    _click(w.page, f".queues a[href='{reverse('certificates:decision_create')}']")
    w.page.check(f"input[name=results][value='{enrolment.result.pk}']")
    # the deciding body is the province's own, already chosen
    assert w.page.locator("#level").input_value() == "province"
    assert w.page.locator("#unit option:checked").inner_text().startswith("Tỉnh Phú Thọ")
    _type(w.page, "#number", "1234/QĐ-UBND")
    _type(w.page, "#id_date", _day(today))
    _type(w.page, "#signer", "Nguyễn Văn Bình")
    w.page.check("input[name=confirm]")
    _click(w.page, "main form button[type=submit]")
    assert [q.split("?")[0] for q in w.questions] == [
        "Chốt kết quả này",
        "Ban hành quyết định này và các giấy chứng nhận",
    ]
    cert = Certificate.objects.get(product=spirit, decision__number="1234/QĐ-UBND")
    assert cert.stars == 4 and cert.decision.decided_on == today
    _click(w.page, f"main a[href='{reverse('certificates:certificate', args=[cert.code])}']")
    public = reverse("certificates:verify", args=[cert.code])
    address = w.page.locator(f"dd a[href='{public}']").inner_text()
    pdf = reverse("certificates:certificate_pdf", args=[cert.code])
    assert w.page.locator(f"main a[href='{pdf}']").count() == 1
    printed = w.page.request.get(pdf)
    assert printed.ok and f"Tra cứu giấy chứng nhận tại {address}" in pdf_text(printed.body())
    _clean(w)

    # anyone: the address printed on the certificate (and in its QR code) leads to the public
    # page of this demo, which shows the certificate valid, in Vietnamese
    w = watched()
    assert address == w.base_url + public
    w.page.goto(address)
    body = w.page.locator("main").inner_text()
    assert PRODUCT in body and "CÒN HIỆU LỰC" in body  # the verdict, in large capitals
    assert w.page.locator("html").get_attribute("lang") == "vi"
    _clean(w)


def _account_label(username: str) -> str:
    """How the council page lists an account to choose."""
    return f"{User.objects.get(username=username).full_name} ({username})"
