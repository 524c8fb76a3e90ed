"""Work queues and the pages that finish the job: enrolment and assignment in batches, rounds
edited and cancelled, confirmed irreversible steps, the sheet saved on every change."""

import datetime

import pytest
from django.urls import reverse

from ocop.core.exceptions import DomainError, TransitionError
from ocop.core.models import AuditEvent
from ocop.evaluation import selectors, services
from ocop.evaluation.models import Enrolment, Result, RoundLevel, RoundStatus, ScoreSheet
from ocop.registry.models import DossierStatus
from tests import factories as f
from tests.evaluation import factories as ef
from tests.evaluation.test_web import radio_data


@pytest.fixture
def planned(units, personas, set14):
    return services.round_create(
        actor=personas.province,
        level=RoundLevel.PROVINCE,
        year=2027,
        number=1,
        unit=units.phu_tho,
        criteria_set=ef.criteria_2026(),
    )


def test_a_planned_round_is_changed_through_the_service_and_audited(planned, personas):
    changed = services.round_update(
        actor=personas.province, round_=planned, title="Đợt 1 năm 2027", number=2
    )
    assert (changed.title, changed.number) == ("Đợt 1 năm 2027", 2)
    event = AuditEvent.objects.get(action="evaluation.round.updated")
    assert event.old["title"] == "" and event.new["title"] == "Đợt 1 năm 2027"


def test_a_round_cannot_be_changed_once_open(planned, personas):
    services.round_open(actor=personas.province, round_=planned)
    with pytest.raises(TransitionError, match="until it opens"):
        services.round_update(actor=personas.province, round_=planned, title="x")


def test_a_round_is_cancelled_with_a_reason_and_takes_nothing_more(planned, personas, spirit):
    with pytest.raises(DomainError, match="reason"):
        services.round_cancel(actor=personas.province, round_=planned, reason=" ")
    cancelled = services.round_cancel(
        actor=personas.province, round_=planned, reason="Trùng với đợt 2"
    )
    assert cancelled.status == RoundStatus.CANCELLED
    assert cancelled.cancel_reason == "Trùng với đợt 2"
    event = AuditEvent.objects.get(action="evaluation.round.cancelled")
    assert event.new == {"status": "cancelled", "reason": "Trùng với đợt 2"}
    with pytest.raises(TransitionError):
        services.enrolment_add(
            actor=personas.province, round_=planned, dossier=ef.dossier_for(spirit)
        )
    with pytest.raises(TransitionError):
        services.round_open(actor=personas.province, round_=planned)


def test_a_round_with_enrolled_products_cannot_be_cancelled(ev, spirit):
    services.enrolment_add(actor=ev.manager, round_=ev.round, dossier=ef.dossier_for(spirit))
    with pytest.raises(TransitionError, match="enrolled"):
        services.round_cancel(actor=ev.manager, round_=ev.round, reason="Nhầm")


def test_batch_enrolment_is_all_or_nothing_and_names_every_refusal(ev, spirit, producer, set14):
    good = ef.dossier_for(spirit)
    late_a = ef.dossier_for(
        f.ProductFactory(producer=producer, product_set=set14, name="Mật ong A"),
        status=DossierStatus.DRAFT,
    )
    late_b = ef.dossier_for(
        f.ProductFactory(producer=producer, product_set=set14, name="Trà B"),
        status=DossierStatus.DRAFT,
    )
    with pytest.raises(DomainError) as refused:
        services.enrolments_add(actor=ev.manager, round_=ev.round, dossiers=[good, late_a, late_b])
    assert "Mật ong A" in str(refused.value) and "Trà B" in str(refused.value)
    assert not Enrolment.objects.exists()
    good.refresh_from_db()
    assert good.status == DossierStatus.FORWARDED
    done = services.enrolments_add(actor=ev.manager, round_=ev.round, dossiers=[good])
    assert [e.dossier for e in done] == [good]


def test_several_members_are_assigned_at_once_or_none(ev, spirit, producer, set14):
    a = services.enrolment_add(actor=ev.manager, round_=ev.round, dossier=ef.dossier_for(spirit))
    other = f.ProductFactory(producer=producer, product_set=set14)
    b = services.enrolment_add(actor=ev.manager, round_=ev.round, dossier=ef.dossier_for(other))
    services.conflict_declare(actor=ev.members[1].user, member=ev.members[1], producer=producer)
    with pytest.raises(DomainError, match="declared a link"):
        services.members_assign(actor=ev.manager, enrolments=[a, b], members=ev.members)
    assert not ScoreSheet.objects.exists()
    services.members_assign(
        actor=ev.manager, enrolments=[a, b], members=[ev.members[0], ev.members[2]]
    )
    assert ScoreSheet.objects.count() == 4


def test_submitting_an_incomplete_sheet_names_every_missing_criterion(ev, spirit):
    enrolment = services.enrolment_add(
        actor=ev.manager, round_=ev.round, dossier=ef.dossier_for(spirit)
    )
    sheet = services.member_assign(actor=ev.manager, enrolment=enrolment, member=ev.members[0])
    answers = ef.answers_with_total(80)
    missing = sorted(answers)[:3]
    for code in missing:
        del answers[code]
    expected = services.unanswered_criteria(services.sheet_of(enrolment.product_set), answers)
    assert expected and set(expected) <= set(missing)
    with pytest.raises(DomainError) as refused:
        services.sheet_submit(
            actor=ev.members[0].user, sheet=sheet.sheet, answers=answers, version=1
        )
    assert all(code in str(refused.value) for code in expected)


def _sheet_setup(client, ev, spirit):
    enrolment = services.enrolment_add(
        actor=ev.manager, round_=ev.round, dossier=ef.dossier_for(spirit)
    )
    member = ev.members[2]
    services.member_assign(actor=ev.manager, enrolment=enrolment, member=member)
    client.force_login(member.user)
    sheet = ScoreSheet.objects.get(assignment__member=member)
    return enrolment, sheet


def test_a_refused_submission_keeps_the_draft_and_lists_what_is_missing(client, ev, spirit):
    enrolment, sheet = _sheet_setup(client, ev, spirit)
    data = radio_data(ef.answers_with_total(80), sheet.version, "submit")
    dropped = [key for key in data if key.startswith("c-")][:2]
    for key in dropped:
        del data[key]
    url = reverse("evaluation:sheet", args=[enrolment.public_code])
    page = client.post(url, data, follow=True).content.decode()
    sheet.refresh_from_db()
    assert sheet.status == "draft" and len(sheet.answers) >= len(data) - 4
    for key in dropped:
        assert key[2:] in page


def test_submission_needs_the_confirmation_box_and_keeps_the_draft(client, ev, spirit):
    enrolment, sheet = _sheet_setup(client, ev, spirit)
    data = radio_data(ef.answers_with_total(80), sheet.version, "submit")
    del data["confirm"]
    url = reverse("evaluation:sheet", args=[enrolment.public_code])
    client.post(url, data)
    sheet.refresh_from_db()
    assert sheet.status == "draft" and sheet.total == 80
    page = client.get(url).content.decode()
    assert 'name="confirm"' in page and "data-confirm" in page


def test_every_change_is_saved_as_a_draft(client, ev, spirit):
    enrolment, sheet = _sheet_setup(client, ev, spirit)
    url = reverse("evaluation:sheet_autosave", args=[enrolment.public_code])
    first = client.post(url, {"version": sheet.version, "c-1.1": "0"})
    sheet.refresh_from_db()
    assert first.status_code == 200 and sheet.version == 2 and "1.1" in sheet.answers
    assert 'id="sheet-version"' in first.content.decode() and 'value="2"' in first.content.decode()
    unchanged = client.post(url, {"version": 1, "c-1.1": "0"})
    sheet.refresh_from_db()
    assert "errors" not in unchanged.content.decode() and sheet.version == 2
    stale = client.post(url, {"version": 1, "c-1.1": "2"})
    assert "errors" in stale.content.decode()


def test_submitting_what_the_autosave_already_stored_needs_no_fresh_version(client, ev, spirit):
    enrolment, sheet = _sheet_setup(client, ev, spirit)
    data = radio_data(ef.answers_with_total(80), sheet.version, "submit")
    client.post(reverse("evaluation:sheet_autosave", args=[enrolment.public_code]), data)
    client.post(reverse("evaluation:sheet", args=[enrolment.public_code]), data)
    sheet.refresh_from_db()
    assert sheet.status == "submitted" and sheet.total == 80


def test_finalising_needs_the_confirmation_box(client, ev, spirit):
    enrolment = services.enrolment_add(
        actor=ev.manager, round_=ev.round, dossier=ef.dossier_for(spirit)
    )
    ef.score_all(ev, enrolment, [80, 80, 80])
    services.result_compute(actor=ev.manager, enrolment=enrolment)
    client.force_login(ev.chair.user)
    url = reverse("evaluation:result", args=[enrolment.public_code])
    client.post(url, {"op": "finalise"})
    assert not Result.objects.get(enrolment=enrolment).final
    assert selectors.results_to_finalise(ev.chair.user).count() == 1
    client.post(url, {"op": "finalise", "confirm": "1"})
    assert Result.objects.get(enrolment=enrolment).final
    assert selectors.results_to_finalise(ev.chair.user).count() == 0


def test_an_enrolment_whose_sheets_are_all_in_waits_in_the_results_queue(client, ev, spirit):
    """Once every member has submitted, only the computation is left: the queue shows the
    enrolment before anyone has computed its result, and not while a member has a draft."""
    enrolment = services.enrolment_add(
        actor=ev.manager, round_=ev.round, dossier=ef.dossier_for(spirit)
    )
    drafts = ef.score_all(ev, enrolment, [80, 80, 80], submit=False)
    for sheet in drafts[:-1]:
        services.sheet_submit(
            actor=sheet.assignment.member.user,
            sheet=sheet,
            answers=sheet.answers,
            version=sheet.version,
        )
    assert selectors.results_to_finalise(ev.manager).count() == 0
    last = drafts[-1]
    services.sheet_submit(
        actor=last.assignment.member.user, sheet=last, answers=last.answers, version=last.version
    )
    assert list(selectors.results_to_finalise(ev.manager)) == [enrolment]
    assert list(selectors.results_to_finalise(ev.chair.user)) == [enrolment]
    client.force_login(ev.manager)
    page = client.get(reverse("evaluation:results_queue")).content.decode()
    assert reverse("evaluation:enrolment", args=[enrolment.public_code]) in page
    assert "tính kết quả" in page
    services.result_compute(actor=ev.manager, enrolment=enrolment)
    assert list(selectors.results_to_finalise(ev.manager)) == [enrolment]


def test_round_page_enrols_the_ticked_dossiers_from_its_queue(
    client, ev, spirit, producer, foreign_producer, set14
):
    mine = [ef.dossier_for(spirit)]
    mine.append(ef.dossier_for(f.ProductFactory(producer=producer, product_set=set14)))
    elsewhere = ef.dossier_for(f.ProductFactory(producer=foreign_producer, product_set=set14))
    client.force_login(ev.manager)
    url = reverse("evaluation:round", args=[ev.round.public_code])
    page = client.get(url).content.decode()
    assert all(d.public_code in page for d in mine) and elsewhere.public_code not in page
    client.post(
        reverse("evaluation:enrol", args=[ev.round.public_code]),
        {"dossiers": [d.public_code for d in mine]},
    )
    assert Enrolment.objects.filter(round=ev.round).count() == 2
    assert mine[0].public_code not in client.get(url).content.decode().split("queue")[0]
    enrolments = list(Enrolment.objects.filter(round=ev.round))
    client.post(
        reverse("evaluation:round_assign", args=[ev.round.public_code]),
        {"enrolments": [e.public_code for e in enrolments], "members": [ev.members[2].pk]},
    )
    assert ScoreSheet.objects.filter(assignment__member=ev.members[2]).count() == 2


def test_round_is_edited_and_cancelled_through_its_pages(client, planned, personas):
    client.force_login(personas.province)
    edit = reverse("evaluation:round_edit", args=[planned.public_code])
    assert client.get(edit).status_code == 200
    response = client.post(
        edit,
        {
            "level": "province",
            "unit": planned.unit_id,
            "year": 2027,
            "number": 1,
            "title": "Đợt một",
            "criteria_set": planned.criteria_set_id,
            "opens_on": "2027-03-01",
        },
    )
    assert response.status_code == 302
    planned.refresh_from_db()
    assert planned.title == "Đợt một" and planned.opens_on == datetime.date(2027, 3, 1)
    cancel = reverse("evaluation:round_cancel", args=[planned.public_code])
    client.post(cancel, {"reason": "Gộp đợt"})
    planned.refresh_from_db()
    assert planned.status == RoundStatus.PLANNED
    client.post(cancel, {"reason": "Gộp đợt", "confirm": "1"})
    planned.refresh_from_db()
    assert planned.status == RoundStatus.CANCELLED


def test_member_candidates_are_accounts_in_the_rounds_unit(ev, units):
    inside = f.UserFactory(username="trong-tinh", full_name="Lê Văn Trong")
    f.grant(inside, "department", unit=units.phu_tho)
    outside = f.UserFactory(username="ngoai-tinh")
    f.grant(outside, "council_member", unit=units.hanoi)
    owner = f.UserFactory(username="chu-the")
    f.grant(
        owner,
        "producer",
        producer=f.ProducerFactory(commune=units.phu_lai, province=units.hoa_binh),
    )
    names = set(selectors.member_candidates(ev.round).values_list("username", flat=True))
    assert "trong-tinh" in names and "ngoai-tinh" not in names and "chu-the" not in names
    assert list(selectors.member_candidates(ev.round, "trong")) == [inside]
