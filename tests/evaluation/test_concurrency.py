"""Real concurrent saves (PostgreSQL: row locks; SQLite serialises whole transactions)."""

import threading

import pytest
from django.db import connection

from ocop.core.exceptions import DomainError
from ocop.evaluation import services
from ocop.evaluation.models import ScoreSheet
from tests.evaluation import factories as ef

# Committed data is needed for other connections to see it. The database is flushed after each
# test; the post-migrate loader then puts the shipped criteria sets back.
pytestmark = [
    pytest.mark.skipif(
        connection.vendor != "postgresql", reason="concurrent writers need a server database"
    ),
    pytest.mark.django_db(transaction=True),
]


def run_together(*calls):
    barrier = threading.Barrier(len(calls))
    outcomes = [None] * len(calls)

    def worker(i, call):
        try:
            barrier.wait()
            outcomes[i] = call()
        except DomainError as exc:
            outcomes[i] = exc
        finally:
            connection.close()

    threads = [threading.Thread(target=worker, args=(i, c)) for i, c in enumerate(calls)]
    for t in threads:
        t.start()
    for t in threads:
        t.join(30)
    return outcomes


@pytest.fixture
def sheets(ev, spirit):
    enrolment = services.enrolment_add(
        actor=ev.manager, round_=ev.round, dossier=ef.dossier_for(spirit)
    )
    return [
        services.member_assign(actor=ev.manager, enrolment=enrolment, member=m).sheet
        for m in ev.members[:2]
    ]


def test_concurrent_saves_of_one_sheet_keep_one_and_refuse_the_stale_one(ev, sheets):
    sheet, user = sheets[0], ev.members[0].user
    outcomes = run_together(
        lambda: services.sheet_save_draft(actor=user, sheet=sheet, answers={"1.1": "4"}, version=1),
        lambda: services.sheet_save_draft(actor=user, sheet=sheet, answers={"1.1": "2"}, version=1),
    )
    refused = [o for o in outcomes if isinstance(o, DomainError)]
    saved = [o for o in outcomes if isinstance(o, ScoreSheet)]
    assert len(refused) == 1 and refused[0].code == "stale"
    assert len(saved) == 1
    sheet.refresh_from_db()
    assert sheet.answers == saved[0].answers and sheet.version == 2


def test_two_members_saving_at_once_both_keep_their_answers(ev, sheets):
    outcomes = run_together(
        lambda: services.sheet_save_draft(
            actor=ev.members[0].user, sheet=sheets[0], answers={"1.1": "4"}, version=1
        ),
        lambda: services.sheet_save_draft(
            actor=ev.members[1].user, sheet=sheets[1], answers={"1.1": "1"}, version=1
        ),
    )
    assert all(isinstance(o, ScoreSheet) for o in outcomes)
    assert [ScoreSheet.objects.get(pk=s.pk).answers["1.1"] for s in sheets] == ["4", "1"]
