"""A whole round through the web pages: enrolment, assignment, three members score, result,
decision, certificate, public check; later revocation shows on the public page."""

import json

import pytest
from django.urls import reverse

from ocop.certificates.models import Certificate
from ocop.evaluation import services
from ocop.evaluation.models import Enrolment, Result, ScoreSheet
from ocop.registry.models import ProductStatus
from tests import factories as f
from tests.evaluation import factories as ef


def radio_data(answers, version, op):
    sheet = ef.sheet14()
    data = {"version": version, "op": op, "confirm": "1"}
    for crit in sheet.criteria:
        points = answers[crit.code]
        index = next((o.index for o in crit.options if str(o.points) == points), None)
        data[f"c-{crit.code}"] = "none" if index is None else index
    return data


def test_whole_round_end_to_end_through_the_pages(client, ev, spirit, personas, units):
    dossier = ef.dossier_for(spirit)
    client.force_login(ev.manager)
    response = client.post(
        reverse("evaluation:enrol", args=[ev.round.public_code]), {"dossier": dossier.public_code}
    )
    assert response.status_code == 302
    enrolment = Enrolment.objects.get(dossier=dossier)
    for member in ev.members:
        client.post(
            reverse("evaluation:assign", args=[enrolment.public_code]), {"member": member.pk}
        )
    assert enrolment.assignments.count() == 3

    for member, total in zip(ev.members, [78, 80, 82], strict=True):
        client.force_login(member.user)
        url = reverse("evaluation:sheet", args=[enrolment.public_code])
        page = client.get(url)
        assert page.status_code == 200 and "1.1" in page.content.decode()
        preview = client.post(
            reverse("evaluation:sheet_preview", args=[enrolment.public_code]),
            radio_data(ef.answers_with_total(total), 1, "draft"),
        )
        assert f"{total}" in preview.content.decode()
        sheet = ScoreSheet.objects.get(assignment__member=member, assignment__enrolment=enrolment)
        response = client.post(
            url, radio_data(ef.answers_with_total(total), sheet.version, "submit")
        )
        assert response.status_code == 302
        sheet.refresh_from_db()
        assert sheet.status == "submitted" and sheet.total == total

    client.force_login(ev.manager)
    result_url = reverse("evaluation:result", args=[enrolment.public_code])
    client.post(result_url, {"op": "compute"})
    client.force_login(ev.chair.user)
    client.post(result_url, {"op": "finalise", "confirm": "1"})
    result = Result.objects.get(enrolment=enrolment)
    assert result.final and result.stars == 4 and str(result.total) == "80.00"

    client.force_login(ev.manager)
    response = client.post(
        reverse("certificates:decision_create"),
        {
            "results": [result.pk],
            "number": "45/QĐ-UBND",
            "date": "2026-12-20",
            "signer": "Nguyễn Văn B",
            "level": "province",
            "unit": units.phu_tho.pk,
            "confirm": "1",
        },
    )
    assert response.status_code == 302, response.content.decode()[:2000]
    cert = Certificate.objects.get(product=spirit)
    spirit.refresh_from_db()
    assert spirit.status == ProductStatus.RECOGNISED and spirit.stars == 4

    client.logout()
    public = client.get(reverse("certificates:verify", args=[cert.code]))
    assert public.status_code == 200
    body = public.content.decode()
    assert "Rượu đồ Mường Đình" in body and "Còn hiệu lực" in body
    data = json.loads(client.get(reverse("certificates:verify_json", args=[cert.code])).content)
    assert data["status"] == "valid" and data["signature"] == "verified"
    assert (
        client.get(reverse("certificates:verify", args=[cert.code]) + "?format=json").json()[
            "stars"
        ]
        == 4
    )

    client.force_login(personas.province)
    response = client.post(
        reverse("certificates:revoke", args=[cert.code]),
        {
            "ground": "mark_misuse",
            "authority": "UBND tỉnh Phú Thọ",
            "decision_no": "77/QĐ-UBND",
            "confirm": "1",
        },
    )
    assert response.status_code == 302
    client.logout()
    assert client.get(reverse("certificates:verify_json", args=[cert.code])).json()["status"] == (
        "revoked"
    )
    assert (
        "Đã thu hồi"
        in client.get(reverse("certificates:verify", args=[cert.code])).content.decode()
    )


def test_producer_sees_results_and_certificates_but_never_members_sheets(
    client, ev, spirit, personas
):
    enrolment = ef_enrol_and_score(ev, spirit)
    client.force_login(personas.producer)
    page = client.get(reverse("evaluation:history", args=[spirit.public_code]))
    assert page.status_code == 200
    body = page.content.decode()
    assert "80,00" in body  # Vietnamese number format
    assert "member-0" not in body and ev.members[0].user.username not in body
    member_id = ev.members[0].pk
    url = reverse("evaluation:sheet_print", args=[enrolment.public_code, member_id])
    assert client.get(url).status_code == 404
    assert client.get(url + "?format=pdf").status_code == 404


def test_official_history_shows_every_member_sheet(client, ev, spirit, personas):
    ef_enrol_and_score(ev, spirit)
    client.force_login(personas.province)
    body = client.get(reverse("evaluation:history", args=[spirit.public_code])).content.decode()
    for member in ev.members:
        assert str(member.user) in body


def ef_enrol_and_score(ev, product):
    from ocop.evaluation import services

    enrolment = services.enrolment_add(
        actor=ev.manager, round_=ev.round, dossier=ef.dossier_for(product)
    )
    ef.score_all(ev, enrolment, [80, 80, 80])
    result = services.result_compute(actor=ev.manager, enrolment=enrolment)
    services.result_finalise(actor=ev.chair.user, result=result)
    return enrolment


def test_score_sheet_print_view_and_pdf(client, ev, spirit):
    enrolment = ef_enrol_and_score(ev, spirit)
    member = ev.members[2]
    client.force_login(member.user)
    url = reverse("evaluation:sheet_print", args=[enrolment.public_code, member.pk])
    page = client.get(url)
    assert page.status_code == 200 and "Phiếu chấm điểm" in page.content.decode()
    pdf = client.get(url + "?format=pdf")
    assert pdf["Content-Type"] == "application/pdf" and pdf.content.startswith(b"%PDF")


def test_rounds_page_is_in_vietnamese_by_default(client, ev):
    client.force_login(ev.manager)
    body = client.get(reverse("evaluation:rounds")).content.decode()
    assert "Đợt đánh giá" in body


@pytest.mark.parametrize("rows", [3, 30])
def test_round_list_costs_constant_queries(client, ev, units, rows, django_assert_max_num_queries):
    from ocop.evaluation import services

    for i in range(rows):
        services.round_create(
            actor=ev.manager,
            level="province",
            year=2000 + i % 20 + 6,
            number=3 + i,
            unit=units.phu_tho,
            criteria_set=ef.criteria_2026(),
        )
    client.force_login(ev.manager)
    with django_assert_max_num_queries(12):
        assert client.get(reverse("evaluation:rounds")).status_code == 200


@pytest.mark.parametrize("rows", [3, 30])
def test_round_detail_costs_constant_queries(
    client, ev, producer, set14, rows, django_assert_max_num_queries
):
    from ocop.evaluation import services

    for _ in range(rows):
        product = f.ProductFactory(producer=producer, product_set=set14)
        services.enrolment_add(actor=ev.manager, round_=ev.round, dossier=ef.dossier_for(product))
    client.force_login(ev.manager)
    with django_assert_max_num_queries(14):
        assert (
            client.get(reverse("evaluation:round", args=[ev.round.public_code])).status_code == 200
        )


@pytest.mark.parametrize("rows", [3, 30])
def test_my_sheets_costs_constant_queries(
    client, ev, producer, set14, rows, django_assert_max_num_queries
):
    from ocop.evaluation import services

    member = ev.members[2]
    for _ in range(rows):
        product = f.ProductFactory(producer=producer, product_set=set14)
        enrolment = services.enrolment_add(
            actor=ev.manager, round_=ev.round, dossier=ef.dossier_for(product)
        )
        services.member_assign(actor=ev.manager, enrolment=enrolment, member=member)
    client.force_login(member.user)
    with django_assert_max_num_queries(10):
        response = client.get(reverse("evaluation:my_sheets"))
    assert response.status_code == 200 and response.content.decode().count("/phieu/") >= rows


def test_stale_form_save_shows_a_clear_message(client, ev, spirit):
    from ocop.evaluation import services

    enrolment = services.enrolment_add(
        actor=ev.manager, round_=ev.round, dossier=ef.dossier_for(spirit)
    )
    member = ev.members[2]
    services.member_assign(actor=ev.manager, enrolment=enrolment, member=member)
    client.force_login(member.user)
    url = reverse("evaluation:sheet", args=[enrolment.public_code])
    client.post(url, {"version": 1, "op": "draft", "c-1.1": 0})
    response = client.post(url, {"version": 1, "op": "draft", "c-1.1": 2}, follow=True)
    assert "đã được thay đổi ở nơi khác" in response.content.decode()
    response = client.post(url, {"version": 2, "op": "draft", "c-1.1": 9}, follow=True)
    errors = [str(m) for m in response.context["messages"] if m.level_tag == "error"]
    assert len(errors) == 1 and "1.1" in errors[0]


def test_round_created_through_the_form_gets_the_national_calendar(client, personas, units, set14):
    from ocop.evaluation.models import Round

    client.force_login(personas.province)
    response = client.post(
        reverse("evaluation:round_create"),
        {"level": "province", "unit": units.phu_tho.pk, "year": 2027, "number": 1},
    )
    assert response.status_code == 302
    created = Round.objects.get(year=2027)
    assert str(created.intake_deadline) == "2027-04-30"
    assert str(created.decision_deadline) == "2027-06-30"
    assert created.criteria_set.code == "QD-26-2026-TTg"


def test_council_page_adds_members_and_records_conflicts(client, ev, producer, units):
    from ocop.evaluation.models import ConflictOfInterest

    extra = f.UserFactory(username="them-vao", full_name="Trần Thị Thêm")
    f.grant(extra, "council_member", unit=units.phu_tho)
    outsider = f.UserFactory(username="ngoai-tinh")
    f.grant(outsider, "council_member", unit=units.hanoi)
    client.force_login(ev.manager)
    url = reverse("evaluation:council", args=[ev.round.public_code])
    listed = client.get(url, {"q": "thêm"}).content.decode()
    assert "Trần Thị Thêm" in listed and "ngoai-tinh" not in listed
    client.post(
        url,
        {
            "op": "member",
            "council": ev.council.pk,
            "user": extra.pk,
            "position": "member",
            "department": "Sở Y tế",
        },
    )
    member = ev.council.members.get(user=extra)
    assert member.department == "Sở Y tế"
    # the producer is chosen by name among those with a product in the round, never by code
    assert producer.name not in client.get(url).content.decode()
    product = f.ProductFactory(producer=producer, product_set=ef.set14())
    services.enrolment_add(actor=ev.manager, round_=ev.round, dossier=ef.dossier_for(product))
    assert (
        f'<option value="{producer.public_code}">{producer.name}</option>'
        in client.get(url).content.decode()
    )
    client.post(url, {"op": "conflict", "member": member.pk, "producer": producer.public_code})
    assert ConflictOfInterest.objects.filter(member=member, producer=producer).exists()
    body = client.get(url).content.decode()
    assert "them-vao" in body and "Sở Y tế" in body
