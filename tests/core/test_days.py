"""Days are typed and read dd/mm/yyyy: every form field with a day, the raw filters, the
messages that print a day, and the numbers on pages (decimal comma in Vietnamese)."""

import datetime
import importlib
import pkgutil
from decimal import Decimal
from pathlib import Path

import pytest
from django import forms
from django.template import Context, Template
from django.test import Client
from django.urls import reverse
from django.utils import translation

import ocop
from ocop.certificates.forms import DecisionDayForm
from ocop.certificates.models import Certificate
from ocop.certificates.reevaluation import reevaluation_filing_check
from ocop.core.dates import display, parse_day
from ocop.core.exceptions import DomainError
from ocop.core.forms import DayField, labelled
from ocop.evaluation.forms import RoundForm
from ocop.geo.forms import UnitSearchForm
from ocop.outreach.forms import FairForm
from ocop.programme.forms.followup import AllocationForm, SessionForm
from ocop.programme.views.inspect_forms import ActionForm, SelectForm, VisitForm, VisitStartForm
from ocop.programme.views.plans_forms import MilestoneForm, PlanCreateForm, PlanForm
from ocop.registry.forms import DocumentForm
from tests.programme.plans_helpers import make_plan

# Every form field that takes a day. A new one must be added here (and to the browser test,
# tests/browser/test_days_in_chromium.py): test_every_day_field_is_listed finds them all.
DAY_FIELDS = [
    (RoundForm, "opens_on"),
    (RoundForm, "intake_deadline"),
    (RoundForm, "decision_deadline"),
    (UnitSearchForm, "on"),
    (DocumentForm, "issued_on"),
    (DocumentForm, "expires_on"),
    (DecisionDayForm, "date"),
    (SessionForm, "starts_on"),
    (SessionForm, "ends_on"),
    (AllocationForm, "starts_on"),
    (AllocationForm, "ends_on"),
    (VisitForm, "planned_on"),
    (SelectForm, "day"),
    (SelectForm, "planned_on"),
    (VisitStartForm, "visited_on"),
    (ActionForm, "deadline"),
    (PlanForm, "issued_on"),
    (PlanForm, "deadline"),
    (PlanCreateForm, "issued_on"),
    (PlanCreateForm, "deadline"),
    (MilestoneForm, "deadline"),
    (FairForm, "starts_on"),
    (FairForm, "ends_on"),
]

TEMPLATES = Path(ocop.__file__).parent


def _all_form_classes():
    for module in pkgutil.walk_packages(ocop.__path__, "ocop."):
        if module.name.rsplit(".", 1)[-1] in {"forms", "views"} or module.name.endswith("_forms"):
            importlib.import_module(module.name)
    seen, todo = set(), [forms.BaseForm]
    while todo:
        cls = todo.pop()
        for sub in cls.__subclasses__():
            if sub not in seen:
                seen.add(sub)
                todo.append(sub)
    return [cls for cls in seen if cls.__module__.startswith("ocop.")]


# forms built for one record (a plan, the user's units): the day field is checked on its own
NEEDS_A_RECORD = {VisitForm, SelectForm, PlanCreateForm, FairForm}


def _bound(form_class, field: str, value: str, user):
    kwargs = {"user": user} if form_class is RoundForm else {}
    if form_class in NEEDS_A_RECORD:
        form_class = type("OneDay", (forms.Form,), {field: form_class.base_fields[field]})
    form = form_class(data={field: value}, **kwargs)
    form.is_valid()
    return form


def test_every_day_field_is_listed():
    found = {
        (cls, name)
        for cls in _all_form_classes()
        for name, field in getattr(cls, "base_fields", {}).items()
        if isinstance(field, forms.DateField)
    }
    assert found == set(DAY_FIELDS)
    for cls, name in DAY_FIELDS:
        assert isinstance(cls.base_fields[name], DayField), (cls, name)


def test_no_page_uses_the_browsers_date_input():
    """``<input type="date">`` shows the day in the browser's locale (mm/dd on an English one)."""
    offenders = [
        str(path.relative_to(TEMPLATES))
        for path in TEMPLATES.rglob("*.html")
        if 'type="date"' in path.read_text() or "type='date'" in path.read_text()
    ]
    assert offenders == []


@pytest.mark.django_db
@pytest.mark.parametrize(("form_class", "field"), DAY_FIELDS)
@pytest.mark.parametrize(
    ("typed", "saved"),
    [
        ("10/12/2026", datetime.date(2026, 12, 10)),
        ("30/11/2026", datetime.date(2026, 11, 30)),
        ("1/2/2026", datetime.date(2026, 2, 1)),
        (" 05/01/2027 ", datetime.date(2027, 1, 5)),
        ("2026-12-10", datetime.date(2026, 12, 10)),
    ],
)
def test_a_day_is_read_day_first_or_iso(personas, form_class, field, typed, saved):
    form = _bound(form_class, field, typed, personas.province)
    assert field not in form.errors
    assert form.cleaned_data[field] == saved


@pytest.mark.django_db
@pytest.mark.parametrize(("form_class", "field"), DAY_FIELDS)
@pytest.mark.parametrize(
    "typed", ["31/02/2026", "12/31/2026", "10/12/26", "10-12-2026", "10.12.2026", "2026/12/10", "x"]
)
def test_an_impossible_or_other_form_is_refused_never_swapped(personas, form_class, field, typed):
    with translation.override("vi"):
        form = _bound(form_class, field, typed, personas.province)
        [message] = form.errors[field]
        label = str(form_class.base_fields[field].label)
    assert message.lower().startswith(label.lower())
    assert "nhập ngày theo dạng dd/mm/yyyy, ví dụ 30/11/2026" in message


def test_a_day_field_shows_its_day_day_first():
    html = str(UnitSearchForm(initial={"on": datetime.date(2026, 12, 10)})["on"])
    assert 'value="10/12/2026"' in html and 'placeholder="dd/mm/yyyy"' in html
    assert 'inputmode="numeric"' in html and "data-day" in html and 'type="text"' in html


def test_parse_and_display():
    assert parse_day("10/12/2026") == datetime.date(2026, 12, 10)
    assert parse_day("2026-12-10") == datetime.date(2026, 12, 10)
    for text in ["", "12/31/2026", "31/02/2026", "10/12/26", "2026-1-5", "10/12/02026"]:
        with pytest.raises(ValueError):
            parse_day(text)
    assert display(datetime.date(2026, 1, 5)) == "05/01/2026"
    assert display(None) == ""


@pytest.mark.django_db
def test_statistics_filter_reads_the_day_first(client):
    page = client.get(reverse("reports:index"), {"ngay": "10/12/2026"}).content.decode()
    assert 'value="10/12/2026"' in page
    page = client.get(reverse("reports:index"), {"ngay": "12/31/2026"}).content.decode()
    assert "12/31/2026" not in page


@pytest.mark.parametrize(
    ("language", "date", "score", "points"),
    [("vi", "10/12/2026", "89,00", "2,5"), ("en", "10/12/2026", "89.00", "2.5")],
)
def test_pages_write_days_and_numbers_the_local_way(language, date, score, points):
    template = Template(
        "{% load criteria_tags %}{{ day }}|{{ day|date }}|{{ total|floatformat:2 }}|"
        "{{ flag|floatformat:2 }}|{{ half|points }}|{{ whole|points }}"
    )
    context = Context(
        {
            "day": datetime.date(2026, 12, 10),
            "total": Decimal("89.00"),
            "flag": "89.00",  # stored as text in a result's flags
            "half": Decimal("2.50"),
            "whole": Decimal("3.00"),
        }
    )
    with translation.override(language):
        assert template.render(context) == f"{date}|{date}|{score}|{score}|{points}|3"


def test_a_refusal_prints_its_days_day_first():
    certificate = Certificate(code="TEST", expires_on=datetime.date(2027, 12, 10))
    with pytest.raises(DomainError) as refused:
        reevaluation_filing_check(certificate=certificate, filed_on=datetime.date(2026, 1, 5))
    assert "10/12/2027" in str(refused.value) and "05/01/2026" in str(refused.value)
    assert "2027-12-10" not in str(refused.value)


def test_an_error_names_its_field_once():
    assert labelled("Ngày ban hành: nhập ngày", "ngày ban hành") == "Ngày ban hành: nhập ngày"
    assert labelled("Trường này là bắt buộc.", "thời hạn") == "Thời hạn: Trường này là bắt buộc."
    assert labelled("Sai.", "") == "Sai."


@pytest.mark.django_db
def test_a_refused_day_names_its_field_once_on_the_form_and_in_a_message(units, personas):
    plan = make_plan(units.phu_tho)
    client = Client()
    client.force_login(personas.province)
    with translation.override("vi"):
        page = client.post(
            reverse("programme:plan_edit", args=[plan.public_code]),
            {"number": "1", "issued_on": "12/31/2026", "issuing_body": "x", "title": "y"},
        ).content.decode()
        stone = client.post(
            reverse("programme:plan_milestone_add", args=[plan.public_code]),
            {"kind": "commune_review", "deadline": "12/31/2026"},
            follow=True,
        ).content.decode()
    assert "Ngày ban hành: nhập ngày theo dạng dd/mm/yyyy" in page
    assert "Ngày ban hành: Ngày ban hành" not in page
    assert "Thời hạn: nhập ngày theo dạng dd/mm/yyyy" in stone
    assert "Thời hạn: Thời hạn" not in stone
