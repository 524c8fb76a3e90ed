"""The catalogue's index: kept in step with every change, searched through the database's text
index, and read for the day asked (decision 0069)."""

import datetime

import pytest
from django.core.management import call_command
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse
from django.utils import timezone

from ocop.certificates import catalogue_index as index
from ocop.certificates.catalogue import catalogue
from ocop.certificates.models import CatalogueEntry, Certificate
from ocop.certificates.services import certificate_revoke, certificates_expire
from ocop.core.text import fold
from ocop.registry.services.producers import producer_update
from ocop.registry.services.products import product_archive, product_update
from ocop.reports import services as import_services
from tests import factories as f
from tests.portal.test_catalogue import _recognised
from tests.reports.conftest import RESULT_HEADER, write_csv

pytestmark = pytest.mark.django_db


def _found(query="", **filters) -> list[str]:
    return [e.product_name for e in catalogue(query=query, sort="ten", **filters)]


@pytest.fixture
def shelf(producer, product_set):
    producer.name = "Hợp tác xã Đồng Bằng"
    producer.name_folded = fold(producer.name)
    producer.save()
    _recognised(producer, product_set, 1, name="Rượu đồ Yên Thủy")
    _recognised(producer, product_set, 1, name="Mật ong Đá Bia")
    _recognised(producer, product_set, 1, name="Chè xanh Xã Phú")
    return producer


@pytest.mark.parametrize(
    ("query", "expected"),
    [
        ("rượu đồ", ["Rượu đồ Yên Thủy"]),
        ("RUOU DO", ["Rượu đồ Yên Thủy"]),
        ("thuy ruou", ["Rượu đồ Yên Thủy"]),  # any order
        ("uou", ["Rượu đồ Yên Thủy"]),  # inside a word
        ("mat ong bia", ["Mật ong Đá Bia"]),  # "ong" and "bia": short words too
        ("da", ["Mật ong Đá Bia"]),  # two letters: below the trigram, still found
        ("dong bang", ["Chè xanh Xã Phú", "Mật ong Đá Bia", "Rượu đồ Yên Thủy"]),  # producer
        ("ruou mat", []),
        ("khong co", []),
    ],
)
def test_search_ignores_diacritics_case_and_word_order(shelf, query, expected):
    assert _found(query) == expected


def test_search_finds_a_certificate_code_and_quotes_are_only_text(shelf):
    cert = Certificate.objects.get(product__name="Mật ong Đá Bia")
    assert _found(cert.code.lower()) == ["Mật ong Đá Bia"]
    assert _found(cert.code[4:9]) == ["Mật ong Đá Bia"]
    assert _found('"ruou" OR "che"') == []  # never FTS syntax


@pytest.mark.skipif(connection.vendor != "sqlite", reason="the FTS5 table is SQLite's")
def test_sqlite_search_reads_the_fts_index(shelf):
    with CaptureQueriesContext(connection) as ctx:
        _found("ruou")
    assert f"{index.FTS_TABLE} MATCH" in ctx.captured_queries[-1]["sql"]


def test_revoked_product_leaves_the_search_at_once(shelf, personas):
    cert = Certificate.objects.get(product__name="Rượu đồ Yên Thủy")
    certificate_revoke(
        actor=personas.province,
        certificate=cert,
        ground="mark_misuse",
        authority="UBND tỉnh",
        decision_no="9/QĐ-UBND",
    )
    assert _found("ruou") == []
    assert not CatalogueEntry.objects.filter(certificate=cert).exists()


def test_expiry_needs_no_write_and_the_daily_job_keeps_the_index(shelf):
    assert len(_found()) == 3
    after = datetime.date(2029, 1, 2)  # the day after the certificates' last day
    assert list(catalogue(day=after)) == []
    certificates_expire(today=after)
    assert len(_found()) == 3  # read for the day asked: still valid today


def test_product_and_producer_edits_reach_the_search(shelf, personas):
    product = Certificate.objects.get(product__name="Mật ong Đá Bia").product
    product_update(actor=personas.province, product=product, fields={"name": "Mật ong hoa nhãn"})
    assert _found("hoa nhan") == ["Mật ong hoa nhãn"]
    assert _found("da bia") == []
    producer_update(actor=personas.province, producer=shelf, fields={"name": "HTX Suối Rè"})
    assert len(_found("suoi re")) == 3 and _found("dong bang") == []
    product_archive(actor=personas.province, product=product)
    assert _found("hoa nhan") == []


def test_a_newer_certificate_takes_over_on_its_issue_day(producer, product_set):
    product = _recognised(producer, product_set, 1, name="Rượu ngô")[0]
    first = product.certificates.get()
    soon = timezone.localdate() + datetime.timedelta(days=10)
    later = Certificate.objects.create(
        product=product,
        producer=producer,
        decision=first.decision,
        stars=4,
        issued_on=soon,
        expires_on=soon + datetime.timedelta(days=365 * 3),
    )
    assert [e.code for e in catalogue()] == [first.code]
    assert [e.code for e in catalogue(day=soon)] == [later.code]


def test_import_fills_the_index_in_its_transaction(units, tmp_path):
    row = dict(
        zip(
            RESULT_HEADER,
            [
                "Hòa Bình",
                "Yên Thủy",
                "Phú Lai",
                "2025",
                "1",
                "12/QĐ-UBND",
                "28/02/2025",
                "Chè búp Thử",
                "Đồ uống",
                "HTX Thử",
                "Hợp tác xã",
                "",
                "4",
                "75",
            ],  # fmt: skip
            strict=True,
        )
    )
    path = write_csv(tmp_path / "list.csv", RESULT_HEADER, [list(row.values())])
    import_services.results_import(actor=None, data=path.read_bytes(), filename=path.name)
    assert _found("che bup") == ["Chè búp Thử"]
    assert _found("htx thu") == ["Chè búp Thử"]


def test_rebuild_gives_what_the_services_kept(shelf, personas, capsys):
    product = Certificate.objects.get(product__name="Chè xanh Xã Phú").product
    product_update(actor=personas.province, product=product, fields={"name": "Chè Tân Cương"})
    kept = sorted(CatalogueEntry.objects.values_list("certificate_id", "search_text"))
    CatalogueEntry.objects.update(search_text="")
    call_command("certificates", "reindex")
    assert "3 catalogue entries" in capsys.readouterr().out
    assert sorted(CatalogueEntry.objects.values_list("certificate_id", "search_text")) == kept
    assert _found("tan cuong") == ["Chè Tân Cương"]


def _queries(client, url) -> tuple[int, int]:
    """Queries of a page's first request after a change, and of the next one."""
    counts = []
    for _ in range(2):
        with CaptureQueriesContext(connection) as ctx:
            assert client.get(url).status_code == 200
        counts.append(len(ctx.captured_queries))
    return counts[0], counts[1]


@pytest.mark.parametrize("params", ["", "?q=ruou", "?sao=3&bo=14", "?sap_xep=moi&trang=2"])
def test_a_catalogue_page_costs_the_same_queries_at_two_sizes(
    client, producer, product_set, params
):
    url = reverse("portal:catalogue") + params
    _recognised(producer, product_set, 2, name="Rượu nếp")
    cold, warm = _queries(client, url)
    _recognised(producer, f.ProductSetFactory(number=15, slug="che"), 26, name="Rượu cần")
    assert _queries(client, url) == (cold, warm)
    assert warm == 1  # the data version; the rest is kept for this version


def test_results_follow_a_revocation_on_the_next_request(client, shelf, personas):
    url = reverse("portal:catalogue") + "?q=ruou"
    assert "Rượu đồ Yên Thủy" in client.get(url).text
    certificate_revoke(
        actor=personas.province,
        certificate=Certificate.objects.get(product__name="Rượu đồ Yên Thủy"),
        ground="mark_misuse",
        authority="UBND tỉnh",
        decision_no="9/QĐ-UBND",
    )
    assert "Rượu đồ Yên Thủy" not in client.get(url).text


@pytest.mark.skipif(connection.vendor != "postgresql", reason="pg_trgm is PostgreSQL's")
def test_postgresql_has_a_trigram_index_on_the_search_text():
    with connection.cursor() as cursor:
        cursor.execute("SELECT indexdef FROM pg_indexes WHERE indexname = 'catalogue_search_trgm'")
        (definition,) = cursor.fetchone()
    assert "gin_trgm_ops" in definition
