import json

import pytest
from django.core.management import call_command
from django.core.management.base import CommandError

from ocop.certificates.models import Certificate, RecognitionDecision
from ocop.core.models import AuditEvent
from ocop.registry.models import Producer, Product


def _summary(capsys, *args) -> dict:
    capsys.readouterr()
    call_command("report", "summary", *args, "--format", "json")
    return json.loads(capsys.readouterr().out)


@pytest.mark.django_db
def test_imported_hoa_binh_2020_list_reproduces_its_published_counts(units, hoa_binh_2020, capsys):
    call_command("import", "results", str(hoa_binh_2020))
    data = _summary(capsys, "--province", "Hòa Bình", "--year", "2020")
    assert data["products"] == 70
    assert data["producers"] == 59
    assert data["by_stars"] == {"3": 57, "4": 13, "5": 0}
    assert data["upgrades"] == 1


@pytest.mark.django_db
def test_importing_the_same_list_twice_changes_nothing(units, hoa_binh_2020, capsys):
    call_command("import", "results", str(hoa_binh_2020))
    tables = (Producer, Product, RecognitionDecision, Certificate)
    before = [list(m.objects.order_by("pk").values()) for m in tables]
    call_command("import", "results", str(hoa_binh_2020))
    assert [list(m.objects.order_by("pk").values()) for m in tables] == before
    assert AuditEvent.objects.filter(action="reports.import.results").count() == 2


@pytest.mark.django_db
def test_province_is_found_by_code_and_under_its_2025_successor(units, hoa_binh_2020, capsys):
    call_command("import", "results", str(hoa_binh_2020))
    assert _summary(capsys, "--province", "17", "--year", "2020")["products"] == 70
    assert _summary(capsys, "--province", "Phú Thọ")["products"] == 70
    assert _summary(capsys, "--province", "Hà Nội")["products"] == 0


@pytest.mark.django_db
def test_on_a_date_counts_only_certificates_valid_that_day(units, hoa_binh_2020, capsys):
    call_command("import", "results", str(hoa_binh_2020))
    # round 1 (15/06/2020) only: 40 products, the upgraded one still at 3 stars
    before_round_2 = _summary(capsys, "--province", "Hòa Bình", "--on", "2020-07-01")
    assert before_round_2["products"] == 40
    assert before_round_2["by_stars"]["4"] == 7
    # round 1 certificates expired on 15/06/2023; round 2 ones run until 20/11/2023
    late = _summary(capsys, "--province", "Hòa Bình", "--on", "2023-10-01")
    assert late["products"] == 31
    assert _summary(capsys, "--on", "2024-01-01")["products"] == 0


@pytest.mark.django_db
def test_decision_number_selects_one_decision(units, hoa_binh_2020, capsys):
    call_command("import", "results", str(hoa_binh_2020))
    assert _summary(capsys, "--decision", "202/QĐ-UBND-THU")["products"] == 31


@pytest.mark.django_db
def test_unknown_province_is_refused(units, capsys):
    with pytest.raises(CommandError, match="Atlantis"):
        call_command("report", "summary", "--province", "Atlantis")


@pytest.mark.django_db
def test_summary_writes_xlsx_and_table(units, hoa_binh_2020, tmp_path, capsys):
    import openpyxl

    call_command("import", "results", str(hoa_binh_2020))
    out = tmp_path / "summary.xlsx"
    from django.utils import translation

    with translation.override("vi"):  # the command's default language outside tests
        call_command(
            "report", "summary", "--year", "2020", "--format", "xlsx", "--output", str(out)
        )
    book = openpyxl.load_workbook(out)
    assert [s.title for s in book.worksheets][1:] == ["Theo đơn vị", "Theo bộ sản phẩm"]
    sheet = book.worksheets[0]
    values = {row[0]: row[1] for row in sheet.iter_rows(min_row=2, values_only=True)}
    assert 70 in values.values()
    capsys.readouterr()
    call_command("report", "summary", "--year", "2020", "--format", "table")
    assert "70" in capsys.readouterr().out
