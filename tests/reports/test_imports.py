import io

import openpyxl
import pytest
from django.core.management import call_command
from django.core.management.base import CommandError
from django.utils import translation

from ocop.certificates.models import Certificate, RecognitionDecision
from ocop.core.models import AuditEvent
from ocop.registry.models import LegalForm, Producer, Product, ProductStatus
from ocop.reports import services
from ocop.reports.imports import parse_date
from ocop.reports.models import ImportBatch
from tests import factories as f
from tests.reports.conftest import RESULT_HEADER, write_csv

ROW = ["Hòa Bình", "Yên Thủy", "Phú Lai", "2021", "1", "12/QĐ-UBND", "28/02/2021",
       "Chè búp Thử", "Đồ uống", "HTX Thử", "Hợp tác xã", "", "3", "61"]  # fmt: skip


def _row(**changes) -> list:
    row = dict(zip(RESULT_HEADER, ROW, strict=True))
    row.update(changes)
    return [row[k] for k in RESULT_HEADER]


def _import(path, **kwargs):
    return services.results_import(actor=None, data=path.read_bytes(), filename=path.name, **kwargs)


def _counts():
    return [m.objects.count() for m in (Producer, Product, RecognitionDecision, Certificate)]


@pytest.mark.django_db
def test_malformed_file_is_refused_with_every_error_and_nothing_written(units, tmp_path):
    """A missing column, stars 6, an unknown province and 31/02/2021, all in one file."""
    header = [h for h in RESULT_HEADER if h != "decision_no"]
    rows = [
        _row(stars="6"),
        _row(province="Atlantis", product_name="Khác 1"),
        _row(decision_date="31/02/2021", product_name="Khác 2"),
    ]
    path = write_csv(tmp_path / "bad.csv", header, [r[:5] + r[6:] for r in rows])
    with pytest.raises(services.ImportRefused) as refused:
        _import(path)
    found = [(e["row"], e["column"]) for e in refused.value.errors]
    assert found == [(1, "Số quyết định"), (2, "stars"), (3, "province"), (4, "decision_date")]
    assert _counts() == [0, 0, 0, 0]
    assert not ImportBatch.objects.exists()


@pytest.mark.django_db
def test_command_lists_every_error_in_vietnamese(units, tmp_path, capsys):
    rows = [_row(stars="6"), _row(province="Atlantis", decision_date="31/02/2021")]
    path = write_csv(tmp_path / "bad.csv", RESULT_HEADER, rows)
    with translation.override("vi"), pytest.raises(CommandError):
        call_command("import", "results", str(path))
    err = capsys.readouterr().err
    assert "Dòng 2" in err and "stars" in err
    assert "Atlantis" in err and "31/02/2021" in err
    assert _counts() == [0, 0, 0, 0]


@pytest.mark.django_db
def test_one_bad_row_among_good_ones_writes_nothing(units, tmp_path):
    rows = [_row(product_name=f"Sản phẩm {i}") for i in range(5)] + [_row(stars="2")]
    with pytest.raises(services.ImportRefused):
        _import(write_csv(tmp_path / "x.csv", RESULT_HEADER, rows))
    assert _counts() == [0, 0, 0, 0]


@pytest.mark.django_db
def test_dry_run_counts_but_writes_nothing(units, hoa_binh_2020):
    events = AuditEvent.objects.count()
    outcome = _import(hoa_binh_2020, dry_run=True)
    assert outcome.counts["products_created"] == 70
    assert outcome.counts["producers_created"] == 59
    assert outcome.counts["certificates_created"] == 71
    assert _counts() == [0, 0, 0, 0]
    assert AuditEvent.objects.count() == events


@pytest.mark.django_db
def test_unknown_district_is_kept_as_text_with_a_warning(units, tmp_path):
    path = write_csv(tmp_path / "w.csv", RESULT_HEADER, [_row(district="Kim Bôi", commune="Hạ Bì")])
    outcome = _import(path)
    assert {w["column"] for w in outcome.warnings} == {"district", "commune"}
    product = Product.objects.get()
    assert product.origin_unit == units.hoa_binh
    assert product.recorded_location == "Kim Bôi, Hạ Bì"


@pytest.mark.django_db
def test_units_resolve_by_name_without_diacritics_or_by_code(units, tmp_path):
    path = write_csv(
        tmp_path / "u.csv",
        RESULT_HEADER,
        [_row(province="tinh hoa binh", district="huyen yen thuy", commune="05032")],
    )
    _import(path)
    assert Product.objects.get().origin_unit == units.phu_lai


@pytest.mark.django_db
def test_after_2025_an_old_province_name_is_recorded_in_its_successor(units, tmp_path):
    path = write_csv(tmp_path / "n.csv", RESULT_HEADER, [_row(year="2026", decision_date="")])
    _import(path)
    product = Product.objects.get()
    assert product.producer.province == units.phu_tho


@pytest.mark.django_db
def test_an_unknown_province_is_an_error(units, tmp_path):
    path = write_csv(tmp_path / "n.csv", RESULT_HEADER, [_row(province="Atlantis")])
    with pytest.raises(services.ImportRefused) as refused:
        _import(path)
    assert refused.value.errors[0]["column"] == "province"


@pytest.mark.django_db
def test_producers_match_by_tax_code_then_by_name_within_the_province(units, tmp_path):
    existing = f.ProducerFactory(
        name="Hợp tác xã Có Sẵn", province=units.hoa_binh, tax_code="5400000998"
    )
    by_name = f.ProducerFactory(name="Công ty Tên Cũ", province=units.hoa_binh, tax_code="")
    rows = [
        _row(producer_name="Tên khác hẳn", producer_tax_code="5400000998", product_name="A"),
        _row(producer_name="CONG TY TEN CU", producer_type="", product_name="B"),
        _row(producer_name="Công ty Tên Cũ", province="Hà Nội", year="2026",
             decision_date="", decision_no="9/QĐ", product_name="C", producer_type=""),
    ]  # fmt: skip
    _import(write_csv(tmp_path / "p.csv", RESULT_HEADER, rows))
    assert Product.objects.get(name="A").producer == existing
    assert Product.objects.get(name="B").producer == by_name
    hanoi = Product.objects.get(name="C").producer
    assert hanoi not in (existing, by_name)
    assert hanoi.legal_form == LegalForm.ENTERPRISE


@pytest.mark.django_db
def test_products_without_producer_count_no_producer(units, tmp_path):
    from ocop.reports.selectors import summary

    rows = [_row(producer_name="", producer_type="", product_name=f"Sản phẩm {i}") for i in (1, 2)]
    _import(write_csv(tmp_path / "np.csv", RESULT_HEADER, rows))
    data = summary(province="Hòa Bình", year=2021)
    assert (data["products"], data["producers"]) == (2, 0)


@pytest.mark.django_db
def test_certificates_run_36_months_from_the_decision_or_year_end(units, tmp_path):
    rows = [_row(), _row(product_name="Không ngày", decision_date="", decision_no="7/QĐ")]
    _import(write_csv(tmp_path / "d.csv", RESULT_HEADER, rows))
    dated = Certificate.objects.get(product__name="Chè búp Thử")
    assert (str(dated.issued_on), str(dated.expires_on)) == ("2021-02-28", "2024-02-28")
    undated = Certificate.objects.get(product__name="Không ngày")
    assert (str(undated.issued_on), str(undated.expires_on)) == ("2021-12-31", "2024-12-31")
    assert Product.objects.get(name="Không ngày").status == ProductStatus.EXPIRED


@pytest.mark.django_db
def test_product_group_may_be_a_set_number_a_set_name_or_free_text(units, tmp_path):
    rows = [
        _row(product_name="A", product_group="14"),
        _row(product_name="B", product_group="ruou trang"),
        _row(product_name="C", product_group="Nhóm thực phẩm"),
    ]
    _import(write_csv(tmp_path / "g.csv", RESULT_HEADER, rows))
    assert Product.objects.get(name="A").product_set.number == 14
    assert Product.objects.get(name="B").product_set.name_folded == "ruou trang"
    c = Product.objects.get(name="C")
    # one of the six groups, written as lists write it, is recorded under its own name
    assert (c.product_set, c.product_group_label) == (None, "Thực phẩm")


@pytest.mark.django_db
def test_xlsx_file_with_vietnamese_headers_and_excel_dates(units, tmp_path):
    import datetime

    book = openpyxl.Workbook()
    sheet = book.active
    sheet.append(["TỈNH", "Năm", "So quyet dinh", "Ngày quyết định", "Tên sản phẩm", "Số sao"])
    sheet.append(["Hòa Bình", 2021, "5/QĐ", datetime.datetime(2021, 3, 1), "Gạo Thử", 4])
    buffer = io.BytesIO()
    book.save(buffer)
    outcome = services.results_import(actor=None, data=buffer.getvalue(), filename="k.xlsx")
    assert outcome.counts["certificates_created"] == 1
    assert str(Certificate.objects.get().issued_on) == "2021-03-01"


@pytest.mark.django_db
def test_a_file_that_is_not_a_workbook_is_refused(units):
    with pytest.raises(services.ImportRefused):
        services.results_import(actor=None, data=b"not a zip", filename="x.xlsx")


@pytest.mark.django_db
def test_producers_and_products_imports_match_the_same_way(units, tmp_path):
    header = ["tỉnh", "xã", "tên chủ thể", "mã số thuế", "loại hình chủ thể"]
    rows = [["Phú Thọ", "Yên Trị", "HTX Mới", "2500000019", "HTX"]]
    path = write_csv(tmp_path / "producers.csv", header, rows)
    call_command("import", "producers", str(path))
    call_command("import", "producers", str(path))
    producer = Producer.objects.get()
    assert (producer.commune, producer.legal_form) == (units.new_commune, LegalForm.COOPERATIVE)
    products = write_csv(
        tmp_path / "products.csv",
        ["tinh", "ten san pham", "ma so thue", "ten chu the"],
        [["Phú Thọ", "Bánh Thử", "2500000019", "HTX Mới"]],
    )
    call_command("import", "products", str(products))
    call_command("import", "products", str(products))
    assert Product.objects.get().producer == producer
    assert ImportBatch.objects.count() == 4


@pytest.mark.django_db
def test_import_outside_the_officials_area_is_refused(units, tmp_path):
    from ocop.accounts.models import Role

    officer = f.UserFactory(username="hanoi-office")
    f.grant(officer, Role.PROVINCE_OFFICE, unit=units.hanoi)
    path = write_csv(tmp_path / "s.csv", RESULT_HEADER, [_row()])
    with pytest.raises(services.ImportRefused):
        services.results_import(actor=officer, data=path.read_bytes(), filename="s.csv")
    assert _counts() == [0, 0, 0, 0]


@pytest.mark.parametrize(
    ("text", "ok"),
    [("2021-02-28", True), ("28/02/2021", True), ("31/02/2021", False), ("2021/02/28", False)],
)
def test_parse_date_accepts_iso_and_day_month_year(text, ok):
    if ok:
        assert str(parse_date(text)) == "2021-02-28"
    else:
        with pytest.raises(ValueError):
            parse_date(text)


@pytest.mark.django_db
def test_prefixed_and_zero_padded_unit_names_follow_the_geo_rules(units, tmp_path):
    rows = [
        _row(province="TP. Hà Nội", district="", commune="P. Ba Đình", year="2026",
             decision_date="", decision_no="3/QĐ", product_name="A"),
        _row(province="17", district="159", commune="5032", product_name="B"),
    ]  # fmt: skip
    outcome = _import(write_csv(tmp_path / "z.csv", RESULT_HEADER, rows))
    assert not outcome.warnings
    assert Product.objects.get(name="A").origin_unit == units.hanoi_commune
    assert Product.objects.get(name="B").origin_unit == units.phu_lai


@pytest.mark.django_db
def test_tax_code_with_a_wrong_check_digit_is_an_error(units, tmp_path):
    path = write_csv(tmp_path / "t.csv", RESULT_HEADER, [_row(producer_tax_code="5400000999")])
    with pytest.raises(services.ImportRefused) as refused:
        _import(path)
    assert [e["column"] for e in refused.value.errors] == ["producer_tax_code"]


@pytest.mark.django_db
def test_an_older_list_imported_later_is_chained_before_the_newer_one(units, tmp_path):
    later = _row(decision_no="2/QĐ", decision_date="01/10/2021", stars="4")
    earlier = _row(decision_no="1/QĐ", decision_date="01/03/2021", stars="3")
    _import(write_csv(tmp_path / "later.csv", RESULT_HEADER, [later]))
    _import(write_csv(tmp_path / "earlier.csv", RESULT_HEADER, [earlier]))
    first, second = Certificate.objects.order_by("issued_on")
    assert (first.stars, first.superseded, first.previous) == (3, True, None)
    assert (second.kind, second.previous, second.superseded) == ("upgrade", first, False)
    assert Product.objects.get().stars == 4


@pytest.mark.django_db
def test_three_certificates_of_one_product_in_one_file_are_chained(units, tmp_path):
    rows = [
        _row(decision_no="1/QĐ", decision_date="01/03/2021", stars="3"),
        _row(decision_no="3/QĐ", decision_date="01/03/2023", stars="4"),
        _row(decision_no="2/QĐ", decision_date="01/03/2022", stars="3"),
    ]
    _import(write_csv(tmp_path / "c.csv", RESULT_HEADER, rows))
    chain = list(Certificate.objects.order_by("issued_on"))
    assert [c.previous for c in chain] == [None, chain[0], chain[1]]
    assert [c.kind for c in chain] == ["first", "reevaluation", "upgrade"]
    assert [c.superseded for c in chain] == [True, True, False]


@pytest.mark.django_db
def test_repeated_random_codes_are_drawn_again(units, producer, monkeypatch):
    from ocop.reports.import_insert import unique_keys
    from tests.reports.factories import CertificateFactory, DecisionFactory

    existing = CertificateFactory(
        product=f.ProductFactory(producer=producer), decision=DecisionFactory(unit=units.hoa_binh)
    )
    draws = iter(["X1", existing.code, "N1", "N2", "N3"])
    monkeypatch.setattr(Certificate._meta.get_field("code"), "default", lambda: next(draws))
    batch = [Certificate(code=existing.code), Certificate(code="X1"), Certificate(code="X1")]
    unique_keys(Certificate, batch, "code")
    codes = [c.code for c in batch]
    assert len(set(codes)) == 3 and existing.code not in codes


@pytest.mark.django_db
def test_control_characters_are_dropped_from_imported_names(units, tmp_path):
    rows = [_row(product_name="Chè\x01 búp\x7f Thử\x85", producer_name="HTX\x0b Thử")]
    _import(write_csv(tmp_path / "c.csv", RESULT_HEADER, rows))
    assert Product.objects.get().name == "Chè búp Thử"
    assert Producer.objects.get().name == "HTX Thử"
