"""Import files are read within limits: size, rows, columns and cell length."""

import io
import re
import time
import zipfile

import openpyxl
import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.core.management import call_command
from django.core.management.base import CommandError
from django.urls import reverse
from django.utils import translation

from ocop.reports import services
from ocop.reports.import_read import read_table
from ocop.reports.models import ImportBatch
from tests import factories as f
from tests.reports.conftest import RESULT_HEADER, write_csv

ROW = ["Hòa Bình", "", "", "2021", "1", "1/QĐ", "", "Chè Thử", "", "", "", "", "3", ""]


def _xlsx(rows: list[list], *, dimension: str | None = None) -> bytes:
    book = openpyxl.Workbook()
    for row in rows:
        book.active.append(row)
    out = io.BytesIO()
    book.save(out)
    if dimension is None:
        return out.getvalue()
    # as a crafted file would: claim a dimension, and put an empty cell in its last corner
    corner = dimension.split(":")[1]
    last = f'<row r="{corner.lstrip("ABCDEFGHIJKLMNOPQRSTUVWXYZ")}"><c r="{corner}"/></row>'
    source, crafted = zipfile.ZipFile(io.BytesIO(out.getvalue())), io.BytesIO()
    with zipfile.ZipFile(crafted, "w", zipfile.ZIP_DEFLATED) as target:
        for item in source.infolist():
            body = source.read(item.filename)
            if item.filename == "xl/worksheets/sheet1.xml":
                body = re.sub(
                    rb'<dimension ref="[^"]*"', f'<dimension ref="{dimension}"'.encode(), body
                )
                body = body.replace(b"</sheetData>", last.encode() + b"</sheetData>")
            target.writestr(item, body)
    return crafted.getvalue()


def test_a_workbook_claiming_a_million_rows_is_read_by_its_real_rows():
    data = _xlsx([RESULT_HEADER, ROW, ROW], dimension="A1:XFD1048576")
    assert len(data) < 10_000
    started = time.monotonic()
    table = read_table(data, "crafted.xlsx")
    assert time.monotonic() - started < 5
    assert [number for number, _cells in table] == [1, 2, 3]
    assert table[1][1][0] == "Hòa Bình" and len(table[1][1]) == 13  # up to the stars


def test_empty_rows_are_skipped_and_rows_keep_their_number_in_the_file():
    book = openpyxl.Workbook()
    book.active.append(RESULT_HEADER)
    book.active["A200000"] = "Hòa Bình"
    out = io.BytesIO()
    book.save(out)
    table = read_table(out.getvalue(), "gaps.xlsx")
    assert [number for number, _cells in table] == [1, 200000]


@pytest.mark.django_db
def test_an_oversize_csv_field_is_refused_on_the_page(client, units, producer, tmp_path):
    client.force_login(f.build_personas(units, producer).province)
    row = list(ROW)
    row[7] = "x" * 200_000
    path = write_csv(tmp_path / "big.csv", RESULT_HEADER, [ROW, row])
    response = client.post(
        reverse("reports:import"),
        {"kind": "results", "file": SimpleUploadedFile("big.csv", path.read_bytes())},
    )
    assert response.status_code == 200
    message = response.context["errors"][0]["message"]
    assert "3" in message and "H" in message and "2000" in message.replace(".", "")
    assert not ImportBatch.objects.exists()


@pytest.mark.django_db
def test_an_oversize_csv_field_is_refused_by_the_command_in_vietnamese(units, tmp_path, capsys):
    row = list(ROW)
    row[7] = "x" * 200_000
    path = write_csv(tmp_path / "big.csv", RESULT_HEADER, [row])
    with translation.override("vi"), pytest.raises(CommandError) as refused:
        call_command("import", "results", str(path))
    err = capsys.readouterr().err
    assert "Dòng 2, cột H" in err and "2000" in err and "Traceback" not in err
    assert "không có dữ liệu nào được lưu" in str(refused.value)


@pytest.mark.django_db
def test_an_oversize_xlsx_cell_is_refused_naming_row_and_column(units):
    row = list(ROW)
    row[13] = "9" * 2001
    with pytest.raises(services.ImportRefused) as refused:
        services.results_import(
            actor=None, data=_xlsx([RESULT_HEADER, row]), filename="cell.xlsx", dry_run=True
        )
    assert "Row 2, column N" in str(refused.value.errors[0])
    assert "2000 characters" in str(refused.value.errors[0])


@pytest.mark.django_db
def test_too_many_rows_or_columns_are_refused_naming_the_limit(units, settings, tmp_path):
    settings.IMPORT_MAX_ROWS = 2
    settings.IMPORT_MAX_COLUMNS = 16
    path = write_csv(tmp_path / "rows.csv", RESULT_HEADER, [ROW, ROW, ROW])
    with pytest.raises(services.ImportRefused) as refused:
        services.results_import(actor=None, data=path.read_bytes(), filename=path.name)
    assert "Row 4" in str(refused.value.errors[0]) and "at most 2 rows" in str(
        refused.value.errors[0]
    )
    wide = _xlsx([RESULT_HEADER, [*ROW, "", "", "note"]])
    with pytest.raises(services.ImportRefused) as refused:
        services.results_import(actor=None, data=wide, filename="wide.xlsx")
    assert "Row 2, column Q" in str(refused.value.errors[0])
    assert "at most 16 columns" in str(refused.value.errors[0])


@pytest.mark.django_db
def test_a_file_over_the_size_limit_is_refused(units, settings, client, producer, tmp_path):
    settings.IMPORT_MAX_BYTES = 100
    path = write_csv(tmp_path / "big.csv", RESULT_HEADER, [ROW, ROW])
    with pytest.raises(CommandError, match="at most 100"):
        call_command("import", "results", str(path))
    client.force_login(f.build_personas(units, producer).province)
    response = client.post(
        reverse("reports:import"),
        {"kind": "results", "file": SimpleUploadedFile("big.csv", path.read_bytes())},
    )
    assert "tối đa 100" in response.context["form"].errors["file"][0]
