"""The whole chain through the pages, as the offices work it: the producer opens a dossier,
uploads a document from it and submits; the commune forwards; the province opens a round,
enrols from its queue, seats the council from the list of accounts and assigns; a member
scores (saved on every change) and submits with confirmation; the province finalises and
issues the decision; the public page shows the certificate valid."""

import pytest
from django.urls import reverse
from django.utils import timezone

from ocop.certificates.models import Certificate
from ocop.evaluation import services
from ocop.evaluation.models import CouncilMember, Enrolment, Round, ScoreSheet
from ocop.registry.models import Dossier, DossierStatus
from ocop.registry.services import REVIEW_TOPICS
from tests import factories as f
from tests.evaluation import factories as ef
from tests.registry.factories import PDF

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]


def _open(watched, user):
    w = watched(user)
    w.page.on("dialog", lambda dialog: dialog.accept())  # the data-confirm questions
    return w


def _submit(page, form="form.card"):
    with page.expect_navigation():
        page.locator(f"{form} button[type=submit]").first.click()


def test_the_chain_from_producer_to_public_verification(watched, units, personas, producer):
    from playwright.sync_api import expect

    set14 = ef.set14()
    spirit = f.ProductFactory(producer=producer, product_set=set14, name="Rượu đồ Mường Đình")
    chair = f.UserFactory(username="chu-tich", full_name="Đinh Văn Chủ")
    secretary = f.UserFactory(username="thu-ky", full_name="Bùi Thị Thư")
    for user in (chair, secretary):
        f.grant(user, "council_member", unit=units.phu_tho)

    # the producer: a dossier, a document uploaded from the dossier page, submitted
    w = _open(watched, personas.producer)
    w.page.goto(reverse("registry:product_detail", args=[spirit.public_code]))
    assert reverse("registry:product_submit", args=[spirit.public_code]) not in w.page.content()
    w.page.click(f"a[href='{reverse('registry:dossier_create', args=[spirit.public_code])}']")
    _submit(w.page)
    dossier = Dossier.objects.get(product=spirit)
    w.page.click(f"a[href='{reverse('registry:dossier_upload', args=[dossier.public_code])}']")
    w.page.select_option("select[name=doc_type]", "food_safety")
    w.page.fill("input[name=title]", "Giấy chứng nhận ATTP")
    w.page.set_input_files(
        "input[name=file]", {"name": "attp.pdf", "mimeType": "application/pdf", "buffer": PDF}
    )
    _submit(w.page)
    assert "Giấy chứng nhận ATTP" in w.page.content()
    with w.page.expect_navigation():
        w.page.click("form[action$='/gui/'] button")
    dossier.refresh_from_db()
    assert dossier.status == DossierStatus.SUBMITTED
    assert not w.problems, "\n".join(w.problems)

    # the commune: the queue on the workspace, the review, forwarded
    w = _open(watched, personas.commune)
    w.page.goto(reverse("portal:dashboard"))
    with w.page.expect_navigation():
        w.page.click("a[href$='trang_thai=submitted'] >> nth=0")
    w.page.goto(reverse("registry:dossier_review", args=[dossier.public_code]))
    for key, _label in REVIEW_TOPICS:
        w.page.check(f"input[name={key}_ok][value=yes]")
    w.page.check("input[name=decision][value=forward]")
    _submit(w.page)
    dossier.refresh_from_db()
    assert dossier.status == DossierStatus.FORWARDED
    assert not w.problems, "\n".join(w.problems)

    # the province: a round, opened, enrolment from the queue, the council, the assignment
    year = timezone.localdate().year + 1
    w = _open(watched, personas.province)
    w.page.goto(reverse("evaluation:round_create"))
    w.page.select_option("select[name=level]", "province")
    w.page.select_option("select[name=unit]", str(units.phu_tho.pk))
    w.page.fill("input[name=year]", str(year))
    w.page.fill("input[name=number]", "1")
    w.page.select_option("select[name=criteria_set]", str(set14.criteria_set_id))
    with w.page.expect_navigation():
        w.page.click("form.form button[type=submit]")
    round_ = Round.objects.get(year=year)
    with w.page.expect_navigation():
        w.page.click("form[action$='/mo/'] button")
    w.page.check(f"input[name=dossiers][value='{dossier.public_code}']")
    with w.page.expect_navigation():
        w.page.click("#queue button[type=submit]")
    enrolment = Enrolment.objects.get(round=round_, dossier=dossier)

    w.page.goto(reverse("evaluation:council", args=[round_.public_code]))
    w.page.fill("input[name=name]", "Hội đồng đánh giá tỉnh Phú Thọ")
    with w.page.expect_navigation():
        w.page.click("form:has(input[name=op][value=council]) button")
    for user, position in [
        (chair, "chair"),
        (secretary, "secretary"),
        (personas.council, "member"),
    ]:
        w.page.goto(
            reverse("evaluation:council", args=[round_.public_code]) + "?q=" + user.username
        )
        form = w.page.locator("form:has(input[name=op][value=member])")
        form.locator("select[name=user]").select_option(str(user.pk))
        form.locator("select[name=position]").select_option(position)
        with w.page.expect_navigation():
            form.locator("button").click()
    assert CouncilMember.objects.filter(council__round=round_).count() == 3

    w.page.goto(reverse("evaluation:round", args=[round_.public_code]))
    w.page.check(f"input[name=enrolments][value='{enrolment.public_code}']")
    for member in CouncilMember.objects.filter(council__round=round_):
        w.page.check(f"input[name=members][value='{member.pk}']")
    with w.page.expect_navigation():
        w.page.click("#assign button[type=submit]")
    assert ScoreSheet.objects.filter(assignment__enrolment=enrolment).count() == 3
    assert not w.problems, "\n".join(w.problems)

    # a member scores: every choice is saved as a draft; submitted with confirmation
    own = ScoreSheet.objects.get(assignment__member__user=personas.council)
    answers = ef.answers_with_total(80)
    w = _open(watched, personas.council)
    w.page.goto(reverse("evaluation:sheet", args=[enrolment.public_code]))
    for crit in ef.sheet14().criteria:
        index = next((o.index for o in crit.options if str(o.points) == answers[crit.code]), None)
        value = "none" if index is None else str(index)
        w.page.check(f"input[name='c-{crit.code}'][value='{value}']")
    expect(w.page.locator("#summary")).to_contain_text("80")
    expect(w.page.locator("#sheet-version")).not_to_have_value(str(own.version))
    own.refresh_from_db()
    assert own.status == "draft" and len(own.answers) > 1
    w.page.check("input[name=confirm]")
    with w.page.expect_navigation():
        w.page.click("button[name=op][value=submit]")
    own.refresh_from_db()
    assert own.status == "submitted" and own.total == 80
    assert not w.problems, "\n".join(w.problems)

    for user in (chair, secretary):
        sheet = ScoreSheet.objects.get(assignment__member__user=user)
        services.sheet_submit(actor=user, sheet=sheet, answers=answers, version=sheet.version)

    # the province computes and finalises, then issues the decision
    w = _open(watched, personas.province)
    w.page.goto(reverse("portal:dashboard"))
    w.page.goto(reverse("evaluation:enrolment", args=[enrolment.public_code]))
    with w.page.expect_navigation():
        w.page.click("form:has(input[name=op][value=compute]) button")
    w.page.check("form:has(input[name=op][value=finalise]) input[name=confirm]")
    with w.page.expect_navigation():
        w.page.click("form:has(input[name=op][value=finalise]) button")
    enrolment.result.refresh_from_db()
    assert enrolment.result.final and enrolment.result.stars == 4

    w.page.goto(reverse("portal:dashboard"))
    with w.page.expect_navigation():
        w.page.click(f"a[href='{reverse('certificates:decision_create')}'] >> nth=0")
    w.page.check(f"input[name=results][value='{enrolment.result.pk}']")
    w.page.fill("input[name=number]", "45/QĐ-UBND")
    w.page.fill("input[name=signer]", "Nguyễn Văn B")
    assert w.page.locator("select[name=unit]").input_value() == str(units.phu_tho.pk)
    assert w.page.locator("select[name=level]").input_value() == "province"
    w.page.check("input[name=confirm]")
    with w.page.expect_navigation():
        w.page.click("form.form button[type=submit]")
    cert = Certificate.objects.get(product=spirit)
    assert not w.problems, "\n".join(w.problems)

    # anyone: the public verification page
    w = _open(watched, None)
    w.page.goto(reverse("certificates:verify", args=[cert.code]))
    body = w.page.content()
    assert "Rượu đồ Mường Đình" in body and "Còn hiệu lực" in body
    assert not w.problems, "\n".join(w.problems)
