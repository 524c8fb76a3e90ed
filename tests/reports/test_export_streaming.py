"""Large exports are streamed: rows are read as they are written, never all at once
(decision 0099)."""

import csv
import io

import openpyxl
import pytest
from django.core.management import call_command
from django.core.management.base import CommandError
from django.urls import reverse
from django.utils import translation

from ocop.certificates.models import Certificate, CertificateStatus
from ocop.reports import exports
from tests import factories as f
from tests.reports.factories import CertificateFactory, DecisionFactory


def _recognise(units, n: int) -> None:
    decision = DecisionFactory(number="5/QĐ-UBND", unit=units.hoa_binh)
    producer = f.ProducerFactory(commune=units.phu_lai, province=units.hoa_binh)
    for _ in range(n):
        product = f.ProductFactory(
            producer=producer, status="recognised", stars=3, origin_unit=units.phu_lai
        )
        CertificateFactory(product=product, decision=decision, stars=3)


def test_open_data_csv_is_streamed_in_many_chunks(client, units, monkeypatch):
    _recognise(units, 7)
    monkeypatch.setattr(exports, "CSV_CHUNK_ROWS", 2)
    response = client.get(reverse("reports:open_data", kwargs={"fmt": "csv"}))
    assert response.streaming
    chunks = list(response.streaming_content)
    assert len(chunks) == 4  # header and rows 1-2, 3-4, 5-6, then 7
    rows = list(csv.reader(io.StringIO(b"".join(chunks).decode("utf-8-sig"))))
    assert len(rows) == 8
    assert {r[rows[0].index("Số quyết định")] for r in rows[1:]} == {"5/QĐ-UBND"}


def test_open_data_workbook_is_served_from_a_file(client, units):
    _recognise(units, 3)
    response = client.get(reverse("reports:open_data", kwargs={"fmt": "xlsx"}))
    assert response.streaming
    assert response["Content-Disposition"] == (
        'attachment; filename="ocop-chung-nhan-du-lieu-mo.xlsx"'
    )
    sheet = openpyxl.load_workbook(io.BytesIO(response.getvalue())).worksheets[0]
    assert sheet.max_row == 4
    assert sheet["J2"].number_format == "DD/MM/YYYY"


def test_csv_rows_are_read_as_the_chunks_are_written():
    read = []

    def rows():
        for n in range(10):
            read.append(n)
            yield [n, "Chè"]

    chunks = exports.csv_chunks(exports.Table("T", ["Số", "Tên"], rows()), rows_per_chunk=3)
    first = next(chunks)
    assert read == [0, 1, 2]  # the rest is not read yet
    assert first.decode("utf-8-sig").splitlines() == ["Số,Tên", "0,Chè", "1,Chè", "2,Chè"]
    assert len(list(chunks)) == 3 and len(read) == 10


def test_the_certified_list_reads_rows_in_the_language_of_the_request(units):
    _recognise(units, 1)
    with translation.override("en"):
        table = exports.certified_table(Certificate.objects.all(), public=True)
        status = Certificate.objects.get().status
        english = str(dict(CertificateStatus.choices)[status])
    with translation.override("vi"):
        (row,) = list(table.rows)
    assert row[-1] == english
    assert english in {"Valid", "Expired", "Revoked", "Superseded"}


def test_report_certified_writes_the_published_list(units, tmp_path, capsysbinary):
    _recognise(units, 2)
    with translation.override("vi"):
        call_command(
            "report", "certified", "--format", "xlsx", "--output", str(tmp_path / "l.xlsx")
        )
    sheet = openpyxl.load_workbook(tmp_path / "l.xlsx").worksheets[0]
    assert sheet.max_row == 3 and sheet["A1"].value == "Mã giấy chứng nhận"
    call_command("report", "certified", "--province", "Hòa Bình")
    rows = list(csv.reader(io.StringIO(capsysbinary.readouterr().out.decode("utf-8-sig"))))
    assert len(rows) == 3
    assert "Điểm" not in rows[0]  # the published list has no scores
    with pytest.raises(CommandError):
        call_command("report", "certified", "--format", "json")
