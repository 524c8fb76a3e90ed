"""The programme's entry in the header and its hub page."""

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext

from ocop.programme.models import CaseStatus, MisuseReport
from ocop.programme.services.misuse import misuse_report_submit

HOME = "/chuong-trinh/"


def _header_link(page: str) -> bool:
    return f'href="{HOME}"' in page


@pytest.mark.parametrize("persona", ["province", "district", "commune", "central", "department"])
def test_officials_see_the_programme_in_the_header_and_open_the_hub(client, personas, persona):
    client.force_login(getattr(personas, persona))
    page = client.get("/").content.decode()
    assert _header_link(page)
    hub = client.get(HOME)
    assert hub.status_code == 200
    body = hub.content.decode()
    assert "Chương trình OCOP" in body
    for path in ("/chuong-trinh/hau-kiem/", "/chuong-trinh/phan-anh/vu-viec/"):
        assert f'href="{path}"' in body


@pytest.mark.parametrize("persona", ["producer", "council"])
def test_producers_and_council_members_have_no_programme_entry(client, personas, persona):
    client.force_login(getattr(personas, persona))
    assert not _header_link(client.get("/").content.decode())
    assert client.get(HOME).status_code == 403


def test_visitors_have_no_programme_entry(client, units):
    assert not _header_link(client.get("/").content.decode())
    assert client.get(HOME).status_code == 302


def _open_cases(units, n):
    for i in range(n):
        misuse_report_submit(kind="fake", unit=units.phu_tho, place=f"Chợ {i}")


def test_the_hub_counts_what_waits_at_a_constant_cost(client, units, personas):
    client.force_login(personas.province)
    _open_cases(units, 1)
    client.get(HOME)  # warm the session and caches
    with CaptureQueriesContext(connection) as small:
        first = client.get(HOME).content.decode()
    _open_cases(units, 5)
    MisuseReport.objects.filter(pk=MisuseReport.objects.first().pk).update(status=CaseStatus.CLOSED)
    with CaptureQueriesContext(connection) as large:
        second = client.get(HOME).content.decode()
    assert '<strong class="badge count">1</strong> vụ việc đang mở' in first
    assert '<strong class="badge count">5</strong> vụ việc đang mở' in second
    assert len(large.captured_queries) == len(small.captured_queries)
