"""The public statistics page reads its figures from the cache until the data changes."""

from __future__ import annotations

from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse

from tests import factories as f
from tests.reports.test_views import _recognise


def _queries(client, **headers):
    with CaptureQueriesContext(connection) as ctx:
        response = client.get(reverse("reports:index"), **headers)
    return response, len(ctx.captured_queries)


def test_statistics_are_computed_once_per_version_and_revalidated(client, units):
    _recognise(units, 3)
    first, computed = _queries(client)
    again, cached = _queries(client)
    assert first.status_code == again.status_code == 200
    assert cached <= 3 < computed  # the version (and the session), not the aggregates
    assert again["ETag"] == first["ETag"]
    not_modified, _n = _queries(client, HTTP_IF_NONE_MATCH=first["ETag"])
    assert not_modified.status_code == 304
    _recognise(units, 2, stars=5)
    changed, _n = _queries(client, HTTP_IF_NONE_MATCH=first["ETag"])
    assert changed.status_code == 200 and changed["ETag"] != first["ETag"]
    assert changed.context["figures"]["by_stars"]["5"] == 2


def test_officials_get_their_own_uncached_figures(client, units, producer):
    client.force_login(f.build_personas(units, producer).province)
    response = client.get(reverse("reports:index"))
    assert response.status_code == 200 and "ETag" not in response
    assert "pipeline" in response.context
