import datetime as dt
import shutil

import hypothesis
import pytest
from django.core.management import CommandError, call_command
from django.db import connection
from django.test.utils import CaptureQueriesContext
from hypothesis import strategies as st

from ocop.core.exceptions import DomainError
from ocop.core.models import AuditEvent
from ocop.criteria import selectors
from ocop.criteria.models import CriteriaSet, ProductGroup, ProductSet
from ocop.criteria.services import criteria_load
from ocop.criteria.sheet import DATA_DIR

pytestmark = pytest.mark.django_db

SET_26, SET_148, SET_1048 = "QD-26-2026-TTg", "QD-148-2023-TTg", "QD-1048-2019-TTg"


@pytest.fixture
def data_copy(tmp_path):
    """A writable copy of the shipped criteria data."""
    root = tmp_path / "data"
    shutil.copytree(DATA_DIR, root)
    return root


def test_migrate_loads_every_shipped_criteria_set():
    codes = set(CriteriaSet.objects.values_list("code", flat=True))
    assert {SET_26, SET_148, SET_1048} <= codes
    cset = CriteriaSet.objects.get(code=SET_26)
    assert cset.has_sheets and cset.effective_from == dt.date(2026, 5, 22)
    assert [p["max_points"] for p in cset.parts] == [40, 25, 35]
    assert cset.bands[0] == {"stars": 5, "min": 90, "max": 100, "max_inclusive": True}
    assert cset.meta["decision_vi"].startswith("Quyết định")
    assert len(cset.data_hash) == 64
    assert ProductSet.objects.filter(criteria_set=cset, sheet__isnull=False).count() == 26
    assert not CriteriaSet.objects.get(code=SET_148).has_sheets


def test_product_set_keeps_its_sheet_in_the_project_format(criteria_set_26):
    ps = ProductSet.objects.select_related("criteria_set", "group__parent").get(
        criteria_set__code=SET_26, number=14
    )
    assert (ps.slug, ps.name_vi) == ("ruou-trang", "Rượu trắng")
    assert ps.lead_ministry_en == "Ministry of Industry and Trade"
    assert ps.group.code == "II.1.a" and ps.group.parent.code == "II.1"
    assert ps.sheet["schema"] == "ocop-criteria-sheet/1"
    assert selectors.sheet_of(ps) == criteria_set_26.sheet(14)


def test_loading_unchanged_files_writes_nothing():
    events = AuditEvent.objects.count()
    with CaptureQueriesContext(connection) as ctx:
        report = criteria_load()
    assert sorted(report.unchanged) == sorted([SET_26, SET_148, SET_1048])
    assert not report.changed
    writes = [
        q["sql"]
        for q in ctx.captured_queries
        if q["sql"].split()[0].upper() in {"INSERT", "UPDATE", "DELETE"}
    ]
    assert writes == []
    assert AuditEvent.objects.count() == events


def test_changed_files_update_rows_in_place_and_are_audited(data_copy):
    ps_before = ProductSet.objects.get(criteria_set__code=SET_26, number=14)
    path = data_copy / SET_1048 / "criteria-set.yaml"
    path.write_text(
        path.read_text(encoding="utf-8").replace("2023-02-23", "2023-02-22"), encoding="utf-8"
    )
    report = criteria_load(path=data_copy)
    assert report.updated == [SET_1048]
    assert sorted(report.unchanged) == [SET_148, SET_26]
    assert CriteriaSet.objects.get(code=SET_1048).effective_to == dt.date(2023, 2, 22)
    assert ProductSet.objects.get(criteria_set__code=SET_26, number=14).pk == ps_before.pk
    event = AuditEvent.objects.filter(action="criteria.criteria_set.loaded").latest("pk")
    assert event.old["effective_to"] == "2023-02-23"
    assert event.new["effective_to"] == "2023-02-22"


def test_a_sheet_whose_maxima_do_not_add_up_is_refused_naming_the_place(data_copy):
    sheet = next((data_copy / SET_26 / "sheets").glob("set-14-*.yaml"))
    text = sheet.read_text(encoding="utf-8")
    sheet.write_text(text.replace("max_points: 17", "max_points: 18", 1), encoding="utf-8")
    frame = data_copy / SET_1048 / "criteria-set.yaml"
    frame.write_text(
        frame.read_text(encoding="utf-8").replace("2023-02-23", "2023-02-22"), encoding="utf-8"
    )
    with pytest.raises(DomainError) as caught:
        criteria_load(path=data_copy)
    assert "set-14 part A section 1: criteria sum to 17, max_points 18" in str(caught.value)
    # All or nothing: the valid change to the other set was not written either.
    assert CriteriaSet.objects.get(code=SET_1048).effective_to == dt.date(2023, 2, 23)


def test_a_directory_named_unlike_its_set_is_refused(data_copy):
    (data_copy / SET_1048).rename(data_copy / "QD-1-2019-TTg")
    with pytest.raises(DomainError, match="QD-1-2019-TTg"):
        criteria_load(path=data_copy)
    assert not CriteriaSet.objects.filter(code="QD-1-2019-TTg").exists()


def test_a_fresh_database_gets_groups_and_product_sets(data_copy):
    ProductSet.objects.all().delete()
    ProductGroup.objects.all().delete()
    CriteriaSet.objects.all().delete()
    report = criteria_load(path=data_copy / SET_26)
    assert report.created == [SET_26]
    assert ProductSet.objects.count() == 26
    assert ProductGroup.objects.filter(parent__isnull=True).count() == 6
    assert AuditEvent.objects.filter(action="criteria.criteria_set.created").exists()


def test_migrate_reloads_criteria_that_went_missing():
    ProductSet.objects.all().delete()
    CriteriaSet.objects.all().delete()
    call_command("migrate", verbosity=0)
    assert ProductSet.objects.filter(criteria_set__code=SET_26).count() == 26


def test_load_command_reports_each_set_and_refuses_bad_data(data_copy, capsys):
    call_command("criteria", "load")
    assert f"{SET_26}: unchanged" in capsys.readouterr().out
    sheet = next((data_copy / SET_26 / "sheets").glob("set-11-*.yaml"))
    sheet.write_text("parts: [", encoding="utf-8")
    with pytest.raises(CommandError, match="set-11"):
        call_command("criteria", "load", "--path", str(data_copy))


def test_list_and_show_commands(capsys):
    call_command("criteria", "list")
    out = capsys.readouterr().out
    assert SET_26 in out and "26 product sets" in out and SET_1048 in out
    call_command("criteria", "show", SET_26)
    assert "14. Rượu trắng" in capsys.readouterr().out
    call_command("criteria", "show", SET_26, "--product-set", "14")
    out = capsys.readouterr().out
    assert "1.4" in out and "[min 4*]" in out
    with pytest.raises(CommandError, match="QD-9"):
        call_command("criteria", "show", "QD-9")


@pytest.mark.parametrize(
    ("filed", "expected"),
    [
        ("2026-05-22", SET_26),
        ("2026-11-01", SET_26),
        ("2026-05-21", SET_148),
        ("2023-02-24", SET_148),
        ("2023-02-23", SET_1048),
        ("2019-08-21", SET_1048),
        ("2018-01-01", SET_1048),
    ],
)
def test_the_set_in_force_on_the_filing_day_applies(filed, expected):
    assert selectors.criteria_set_for(dt.date.fromisoformat(filed)).code == expected


@pytest.mark.parametrize(
    ("decided", "reevaluation", "expected"),
    [
        ("2026-07-20", False, SET_148),  # day 60 counting 22 May as day 1
        ("2026-07-21", False, SET_26),
        ("2026-06-20", True, SET_148),  # re-evaluations have 30 days
        ("2026-06-21", True, SET_26),
    ],
)
def test_pending_dossiers_finish_under_the_old_set_within_the_transition(
    decided, reevaluation, expected
):
    cset = selectors.criteria_set_for(
        dt.date(2026, 5, 1), decided_on=dt.date.fromisoformat(decided), reevaluation=reevaluation
    )
    assert cset.code == expected


def test_the_transition_window_is_configurable(settings):
    settings.OCOP_RULES = {**settings.OCOP_RULES, "CRITERIA_TRANSITION_DAYS": 90}
    filed = dt.date(2026, 5, 1)
    assert selectors.criteria_set_for(filed, decided_on=dt.date(2026, 8, 19)).code == SET_148
    assert selectors.criteria_set_for(filed, decided_on=dt.date(2026, 8, 20)).code == SET_26


def test_status_of_each_set_during_the_transition():
    sets = list(CriteriaSet.objects.all())
    by_code = {s.code: s for s in sets}
    day = dt.date(2026, 6, 1)
    assert selectors.criteria_set_status(by_code[SET_26], sets, day).code == "in_force"
    old = selectors.criteria_set_status(by_code[SET_148], sets, day)
    assert (old.code, old.until) == ("transition", dt.date(2026, 7, 20))
    assert selectors.criteria_set_status(by_code[SET_1048], sets, day).code == "superseded"
    later = selectors.criteria_set_status(by_code[SET_148], sets, dt.date(2026, 7, 21))
    assert later.code == "superseded"
    early = selectors.criteria_set_status(by_code[SET_26], sets, dt.date(2026, 1, 1))
    assert early.code == "upcoming"


def test_admin_lists_criteria_sets_read_only_and_reloads_them(client, django_user_model):
    admin_user = django_user_model.objects.create_superuser("root", "root@example.org", "pw")
    client.force_login(admin_user)
    assert client.get("/admin/criteria/criteriaset/").status_code == 200
    assert client.get("/admin/criteria/productset/").status_code == 200
    cset = CriteriaSet.objects.get(code=SET_26)
    page = client.get(f"/admin/criteria/criteriaset/{cset.pk}/change/")
    assert page.status_code == 200 and b'name="title_vi"' not in page.content
    CriteriaSet.objects.filter(code=SET_1048).update(data_hash="", title_vi="changed")
    response = client.post(
        "/admin/criteria/criteriaset/",
        {"action": "reload", "_selected_action": [cset.pk]},
        follow=True,
    )
    assert SET_1048 in response.content.decode()
    assert CriteriaSet.objects.get(code=SET_1048).title_vi != "changed"


def test_a_set_with_sheets_wins_over_a_frame_of_the_same_date(product_set):
    assert product_set.criteria_set.effective_from == dt.date(2026, 5, 22)
    assert selectors.criteria_set_for(dt.date(2026, 6, 1)).code == SET_26


@hypothesis.settings(
    max_examples=60, deadline=None,
    suppress_health_check=[hypothesis.HealthCheck.function_scoped_fixture],
)  # fmt: skip
@hypothesis.given(
    filed=st.dates(dt.date(2018, 1, 1), dt.date(2027, 12, 31)),
    delay=st.integers(0, 500),
    reevaluation=st.booleans(),
)
def test_the_applicable_set_is_never_older_than_the_filing_set_nor_newer_than_the_decision(
    filed, delay, reevaluation
):
    decided = filed + dt.timedelta(days=delay)
    at_filing = selectors.criteria_set_for(filed)
    chosen = selectors.criteria_set_for(filed, decided_on=decided, reevaluation=reevaluation)
    assert chosen.effective_from >= at_filing.effective_from
    assert chosen == at_filing or chosen.effective_from <= decided
    newer = CriteriaSet.objects.filter(effective_from__gt=at_filing.effective_from)
    successor = newer.order_by("effective_from").first()
    window = selectors.transition_days(reevaluation=reevaluation)
    if successor is None or decided < successor.effective_from + dt.timedelta(days=window):
        assert chosen == at_filing
    else:
        assert chosen != at_filing
