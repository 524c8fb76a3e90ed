import csv
import io
import re

import openpyxl
import pytest
from django.urls import reverse

from ocop.geo.models import AdminUnit
from ocop.reports.models import ImportBatch
from tests import factories as f
from tests.reports.factories import CertificateFactory, DecisionFactory


def _recognise(units, n: int, *, commune=None, stars=3):
    commune = commune or units.phu_lai
    decision = DecisionFactory(number="1/QĐ", unit=units.hoa_binh)
    for _ in range(n):
        producer = f.ProducerFactory(commune=commune, province=units.hoa_binh)
        product = f.ProductFactory(producer=producer, status="recognised", stars=stars)
        CertificateFactory(product=product, decision=decision, stars=stars)


@pytest.fixture
def located(units):
    AdminUnit.objects.filter(pk=units.phu_tho.pk).update(latitude=21.3, longitude=105.2)
    AdminUnit.objects.filter(pk=units.hoa_binh.pk).update(latitude=20.8, longitude=105.3)
    return units


@pytest.mark.parametrize("persona", ["anonymous", "province"])
def test_report_page_costs_the_same_queries_for_3_and_30_products(
    client, located, producer, persona
):
    from django.db import connection
    from django.test.utils import CaptureQueriesContext

    user = getattr(f.build_personas(located, producer), persona)
    if user:
        client.force_login(user)
    pages = [{"cau-truc": "old"}, {"don-vi": located.hoa_binh.key}, {"don-vi": located.phu_tho.key}]
    counts = []
    for n in (3, 27):
        _recognise(located, n)
        for params in pages:
            with CaptureQueriesContext(connection) as ctx:
                response = client.get(reverse("reports:index"), params)
            assert response.status_code == 200
            counts.append(len(ctx.captured_queries))
    assert counts[:3] == counts[3:]


def test_report_page_is_in_vietnamese_with_charts_and_map(client, located):
    _recognise(located, 4, stars=4)
    response = client.get(reverse("reports:index"))
    html = response.content.decode()
    assert "Thống kê" in html
    assert "<svg" in html and "<circle" in html
    assert "Tỉnh Phú Thọ" in html  # the 2021 records roll up into the 2025 province
    # Vietnamese number formatting (a decimal comma) must not leak into SVG coordinates
    numbers = re.findall(r'\s(?:x|y|r|cx|cy|width|height|dy)="([^"]*)"', html)
    assert numbers and all(re.fullmatch(r"-?[0-9.]+(%)?", n) for n in numbers)
    assert "http://" not in html.split("<svg", 1)[1].replace("http://www.w3.org/2000/svg", "")


def test_drill_down_old_tree_goes_province_district_commune(client, units):
    _recognise(units, 2)
    _recognise(units, 1, commune=units.lac_son_commune)
    province = client.get(reverse("reports:index"), {"don-vi": units.hoa_binh.key})
    rows = {r["unit"].name: r["products"] for r in province.context["units"]}
    assert rows == {"Yên Thủy": 2, "Lạc Sơn": 1}
    district = client.get(reverse("reports:index"), {"don-vi": units.yen_thuy.key})
    assert {r["unit"].name: r["products"] for r in district.context["units"]} == {"Phú Lai": 2}
    new = client.get(reverse("reports:index"), {"don-vi": units.phu_tho.key})
    assert {r["unit"].name: r["products"] for r in new.context["units"]} == {
        "Yên Trị": 2,
        "Lạc Sơn": 1,
    }


def test_officials_see_their_area_and_the_public_sees_the_country(client, units, producer):
    personas = f.build_personas(units, producer)
    _recognise(units, 2)  # Yên Thủy district
    _recognise(units, 3, commune=units.lac_son_commune)
    client.force_login(personas.district)
    assert client.get(reverse("reports:index")).context["figures"]["products"] == 2
    assert "pipeline" in client.get(reverse("reports:index")).context
    client.force_login(personas.producer)
    response = client.get(reverse("reports:index"))
    assert response.context["figures"]["products"] == 5
    assert "pipeline" not in response.context


def test_certified_export_is_xlsx_laid_out_for_printing(client, units, producer):
    personas = f.build_personas(units, producer)
    _recognise(units, 3)
    client.force_login(personas.province)
    url = reverse("reports:export", kwargs={"what": "chung-nhan", "fmt": "xlsx"})
    sheet = openpyxl.load_workbook(io.BytesIO(client.get(url).getvalue())).worksheets[0]
    assert sheet["A1"].value == "Mã giấy chứng nhận"
    assert sheet["A1"].font.b
    assert sheet.page_setup.orientation == "landscape"
    assert sheet.print_title_rows == "$1:$1"
    assert sheet.max_row == 4


def test_open_data_csv_has_bom_and_no_scores(client, units):
    _recognise(units, 2)
    body = client.get(reverse("reports:open_data", kwargs={"fmt": "csv"})).getvalue()
    assert body.startswith("\ufeff".encode())
    rows = list(csv.reader(io.StringIO(body.decode("utf-8-sig"))))
    assert len(rows) == 3 and "Điểm" not in rows[0]


def test_registers_export_follows_the_scope(client, units, producer, foreign_producer):
    personas = f.build_personas(units, producer)
    client.force_login(personas.province)
    url = reverse("reports:export", kwargs={"what": "chu-the", "fmt": "csv"})
    body = client.get(url).getvalue().decode("utf-8-sig")
    assert producer.name in body and foreign_producer.name not in body


def test_upload_page_imports_a_file_and_shows_row_errors(client, units, producer):
    from django.core.files.uploadedfile import SimpleUploadedFile

    personas = f.build_personas(units, producer)
    client.force_login(personas.province)
    good = "tỉnh,năm,số quyết định,tên sản phẩm,số sao\nHòa Bình,2021,1/QĐ,Chè Thử,4\n"
    bad = good + "Hòa Bình,2021,1/QĐ,Chè Khác,6\n"
    url = reverse("reports:import")
    response = client.post(
        url, {"kind": "results", "file": SimpleUploadedFile("b.csv", bad.encode())}
    )
    assert response.context["errors"][0]["row"] == 3
    assert not ImportBatch.objects.exists()
    response = client.post(
        url, {"kind": "results", "file": SimpleUploadedFile("g.csv", good.encode())}
    )
    assert response.context["outcome"].counts["certificates_created"] == 1
    batch = ImportBatch.objects.get()
    assert batch.actor == personas.province and batch.file.name.startswith("imports/")


def test_upload_refuses_a_file_whose_content_is_not_its_type(client, units, producer):
    from django.core.files.uploadedfile import SimpleUploadedFile

    personas = f.build_personas(units, producer)
    client.force_login(personas.province)
    response = client.post(
        reverse("reports:import"),
        {"kind": "results", "file": SimpleUploadedFile("x.xlsx", b"plain text")},
    )
    assert "file" in response.context["form"].errors


def test_template_has_vietnamese_headers(client, db):
    url = reverse("reports:import_template", kwargs={"kind": "results"})
    sheet = openpyxl.load_workbook(io.BytesIO(client.get(url).getvalue())).worksheets[0]
    header = [c.value for c in sheet[1]]
    assert header[:3] == ["Tỉnh", "Huyện", "Xã"] and "Số sao" in header


def test_scores_export_gives_the_mean_per_round_and_each_products_result(
    client, units, producer, product
):
    from django.utils import timezone

    from ocop.evaluation.models import Enrolment, Result, Round
    from ocop.registry.models import Dossier

    personas = f.build_personas(units, producer)
    criteria = product.product_set.criteria_set
    rnd = Round.objects.create(
        level="province", unit=units.phu_tho, year=2026, criteria_set=criteria
    )
    for total, stars in ((72, 4), (58, 3)):
        item = f.ProductFactory(producer=producer, product_set=product.product_set)
        dossier = Dossier.objects.create(product=item, kind="first", submitted_at=timezone.now())
        enrolment = Enrolment.objects.create(
            round=rnd, dossier=dossier, product=item, product_set=item.product_set
        )
        Result.objects.create(
            enrolment=enrolment, criteria_set=criteria, product_set=item.product_set,
            total=total, stars=stars, band_stars=stars, member_count=5,
        )  # fmt: skip
    client.force_login(personas.province)
    url = reverse("reports:export", kwargs={"what": "diem", "fmt": "xlsx"})
    book = openpyxl.load_workbook(io.BytesIO(client.get(url).getvalue()))
    summary, per_product = book.worksheets
    assert list(summary.iter_rows(min_row=2, values_only=True))[0][3:5] == (2, 65.0)
    assert [r[5:7] for r in per_product.iter_rows(min_row=2, values_only=True)] == [
        (72, 4),
        (58, 3),
    ]
    page = client.get(reverse("reports:index"))
    assert page.context["pipeline"]["evaluated"]["products"] == 2
    assert page.context["pipeline"]["registered"]["products"] == 2
