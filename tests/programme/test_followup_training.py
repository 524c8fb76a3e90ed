"""Training sessions: who organises them, whom they invite, attendance, and the measure."""

from __future__ import annotations

import datetime

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse

from ocop.accounts.models import Role
from ocop.core.exceptions import DomainError, PermissionDeniedError
from ocop.core.models import AuditEvent
from ocop.programme import measures
from ocop.programme.models import TrainingSession
from ocop.programme.services.training import (
    training_create,
    training_invite,
    training_mark_attendance,
    training_update,
)
from tests import factories as f

pytestmark = pytest.mark.django_db


@pytest.fixture
def people(units, producer):
    return f.build_personas(units, producer)


def _session(actor, organiser, day=datetime.date(2026, 9, 10), topic="Tập huấn OCOP"):
    return training_create(
        actor=actor,
        topic=topic,
        organiser=organiser,
        starts_on=day,
        ends_on=day,
        place="Nhà văn hóa",
        trainers="Chuyên gia",
    )


def test_an_officer_organises_only_in_the_units_their_role_covers(units, people):
    session = _session(people.province, units.new_commune)
    assert AuditEvent.objects.filter(action="programme.training.created").count() == 1
    with pytest.raises(PermissionDeniedError):
        _session(people.province, units.hanoi_commune)
    with pytest.raises(PermissionDeniedError):
        training_update(actor=people.district, session=session, topic="Khác")
    with pytest.raises(DomainError):
        training_update(actor=people.province, session=session, ends_on=datetime.date(2026, 9, 1))


def test_invitations_stay_inside_the_organising_unit(
    units, people, producer, other_producer, foreign_producer
):
    session = _session(people.district, units.yen_thuy, day=datetime.date(2025, 5, 5))
    commune_role = people.commune.roles.get(role=Role.COMMUNE_OFFICER)
    added = training_invite(
        actor=people.district,
        session=session,
        role_ids=[commune_role.pk],
        producer_ids=[producer.pk],
    )
    assert {(a.kind, a.unit_id) for a in added} == {
        ("official", units.phu_lai.pk),
        ("producer", units.phu_lai.pk),
    }
    # another district's producer, a foreign one, or someone invited twice: refused whole
    for ids in ([other_producer.pk], [foreign_producer.pk], [producer.pk]):
        with pytest.raises(DomainError):
            training_invite(actor=people.district, session=session, producer_ids=ids)
    assert session.attendees.count() == 2


def test_attendance_is_marked_once_the_session_began(units, people, producer):
    late = _session(people.province, units.new_commune, day=datetime.date(2099, 1, 1))
    training_invite(actor=people.province, session=late, producer_ids=[producer.pk])
    with pytest.raises(DomainError):
        training_mark_attendance(actor=people.province, session=late, present_ids=[])
    session = _session(people.district, units.yen_thuy, day=datetime.date(2025, 5, 5))
    commune_role = people.commune.roles.get(role=Role.COMMUNE_OFFICER)
    official, attendee = training_invite(
        actor=people.district,
        session=session,
        role_ids=[commune_role.pk],
        producer_ids=[producer.pk],
    )
    assert (
        training_mark_attendance(actor=people.district, session=session, present_ids=[attendee.pk])
        == 1
    )
    official.refresh_from_db()
    attendee.refresh_from_db()
    assert (official.attended, attendee.attended) == (False, True)
    with pytest.raises(PermissionDeniedError):
        training_mark_attendance(actor=people.commune, session=session, present_ids=[])


def test_the_measure_counts_sessions_in_and_below_each_unit_with_one_query(units, people):
    _session(people.district, units.phu_lai, day=datetime.date(2025, 3, 1))  # merged commune
    _session(people.district, units.yen_thuy, day=datetime.date(2025, 4, 1))
    _session(people.province, units.new_commune, day=datetime.date(2025, 9, 1))
    _session(people.province, units.new_commune_2, day=datetime.date(2025, 12, 30))  # after `on`
    _session(people.province, units.phu_tho, day=datetime.date(2024, 9, 1))  # another year
    measure = measures.MEASURES["training_sessions"]
    all_units = [units.phu_tho, units.new_commune, units.new_commune_2, units.yen_thuy]
    with CaptureQueriesContext(connection) as queries:
        counts = measure.count(2025, all_units, datetime.date(2025, 12, 1))
    assert len(queries) == 1
    assert counts == {
        units.phu_tho.pk: 3,
        units.new_commune.pk: 2,  # Yên Trị (2025) took in Phú Lai
        units.new_commune_2.pk: 0,
        units.yen_thuy.pk: 2,
    }
    with CaptureQueriesContext(connection) as queries:
        measure.count(2025, [units.phu_tho], datetime.date(2025, 12, 1))
    assert len(queries) == 1


def test_pages_list_and_mark_attendance(client, units, people, producer):
    session = _session(people.district, units.yen_thuy, day=datetime.date(2025, 5, 5))
    training_invite(actor=people.district, session=session, producer_ids=[producer.pk])
    client.force_login(people.province)
    page = client.get(reverse("programme:training_list"))
    assert session.topic in page.content.decode()
    url = reverse("programme:training_attendance", kwargs={"code": session.public_code})
    attendee = session.attendees.get()
    assert client.post(url, {"present": [attendee.pk]}).status_code == 302
    attendee.refresh_from_db()
    assert attendee.attended is True
    detail = client.get(reverse("programme:training_detail", kwargs={"code": session.public_code}))
    assert producer.name in detail.content.decode()


def test_another_province_gets_404_on_every_session_door(client, units, people, producer):
    session = _session(people.province, units.new_commune)
    hanoi = f.UserFactory(username="hanoi-office")
    f.grant(hanoi, Role.PROVINCE_OFFICE, unit=units.hanoi)
    client.force_login(hanoi)
    code = {"code": session.public_code}
    for name in ("training_detail", "training_edit"):
        assert client.get(reverse(f"programme:{name}", kwargs=code)).status_code == 404
    for name in ("training_invite", "training_attendance"):
        response = client.post(reverse(f"programme:{name}", kwargs=code), {})
        assert response.status_code == 404
    assert session.topic not in client.get(reverse("programme:training_list")).content.decode()
    assert TrainingSession.objects.get().topic == "Tập huấn OCOP"
