"""Open data (dữ liệu mở) at /open-data/: the certified list as JSON and CSV, streamed row by
row, and a DCAT catalogue entry describing it with the spreadsheet exports.

Owns no business rules: the rows are ``ocop.reports.open_data``'s. Answers carry an ETag of the
data's version and day (``public_cached``): a harvester that asks again gets 304 until the list
changes, and a revocation or an expiry leaves the list on the next request. The streamed list
itself is not kept in the cache; the smaller pages are."""

from __future__ import annotations

import csv
import json

from django.conf import settings
from django.http import Http404, JsonResponse, StreamingHttpResponse
from django.shortcuts import render
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext as _

from ocop.core.http import public_cached
from ocop.core.spreadsheet import safe_cell
from ocop.reports import open_data

NO_STORE = "no-cache"


class _Echo:
    """A file-like object for ``csv.writer`` that hands each line back."""

    def write(self, value):
        return value


def _json_lines(day):
    head = {
        "schema": open_data.SCHEMA_NAME,
        "version": open_data.SCHEMA_VERSION,
        "day": day.isoformat(),
        "fields": list(open_data.FIELDS),
    }
    yield json.dumps(head, ensure_ascii=False)[:-1] + ', "items": ['
    for index, row in enumerate(open_data.certified_rows(day)):
        yield ("," if index else "") + "\n" + json.dumps(row, ensure_ascii=False)
    yield "\n]}\n"


def _csv_lines(day):
    writer = csv.writer(_Echo())
    yield "\ufeff" + writer.writerow(open_data.FIELDS)
    for row in open_data.certified_rows(day):
        yield writer.writerow(
            ["" if row[key] is None else safe_cell(row[key]) for key in open_data.FIELDS]
        )


FORMATS = {
    "json": ("application/json; charset=utf-8", _json_lines),
    "csv": ("text/csv; charset=utf-8", _csv_lines),
}


@public_cached
def certified(request, fmt: str):
    """The certificates valid today, in the documented schema (docs/open-data.md)."""
    if fmt not in FORMATS:
        raise Http404
    content_type, lines = FORMATS[fmt]
    day = timezone.localdate()
    response = StreamingHttpResponse(lines(day), content_type=content_type)
    response["Cache-Control"] = NO_STORE
    response["X-Schema-Version"] = str(open_data.SCHEMA_VERSION)
    response["Content-Disposition"] = f'inline; filename="ocop-certified-products.{fmt}"'
    return response


def _absolute(name: str, **kwargs) -> str:
    return settings.SITE_URL + reverse(name, kwargs=kwargs or None)


def distributions() -> list[dict]:
    """The files of the dataset: the open list in two formats, and the spreadsheet exports."""
    return [
        {
            "title": _("Certified products (JSON)"),
            "url": _absolute("portal:open_data_certified", fmt="json"),
            "media_type": "application/json",
            "conforms_to": _absolute("portal:open_data") + "#schema",
        },
        {
            "title": _("Certified products (CSV)"),
            "url": _absolute("portal:open_data_certified", fmt="csv"),
            "media_type": "text/csv",
            "conforms_to": _absolute("portal:open_data") + "#schema",
        },
        {
            "title": _("Certified list, every certificate with its status (spreadsheet)"),
            "url": _absolute("reports:open_data", fmt="xlsx"),
            "media_type": ("application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"),
            "conforms_to": "",
        },
        {
            "title": _("Certified list, every certificate with its status (CSV)"),
            "url": _absolute("reports:open_data", fmt="csv"),
            "media_type": "text/csv",
            "conforms_to": "",
        },
    ]


@public_cached
def dcat(request):
    """The dataset as a DCAT entry in JSON-LD, for open-data portals that harvest it."""
    entry = {
        "@context": {
            "dcat": "http://www.w3.org/ns/dcat#",
            "dct": "http://purl.org/dc/terms/",
        },
        "@type": "dcat:Catalog",
        "dct:title": _("OCOP open data"),
        "dcat:dataset": [
            {
                "@type": "dcat:Dataset",
                "@id": _absolute("portal:open_data") + "#certified-products",
                "dct:identifier": open_data.SCHEMA_NAME,
                "dct:title": _("OCOP certified products"),
                "dct:description": _(
                    "Every OCOP certificate valid today: code, stars, product, producer, unit "
                    "under the current and the former structure, decision, validity dates and "
                    "verification address. No scores."
                ),
                "dct:language": "vi",
                "dct:modified": timezone.localdate().isoformat(),
                "dcat:landingPage": _absolute("portal:open_data"),
                "dcat:keyword": ["OCOP", "certificate", "product"],
                "dct:hasVersion": str(open_data.SCHEMA_VERSION),
                "dcat:distribution": [
                    {
                        "@type": "dcat:Distribution",
                        "dct:title": item["title"],
                        "dcat:downloadURL": item["url"],
                        "dcat:mediaType": item["media_type"],
                        **({"dct:conformsTo": item["conforms_to"]} if item["conforms_to"] else {}),
                    }
                    for item in distributions()
                ],
            }
        ],
    }
    response = JsonResponse(entry, json_dumps_params={"ensure_ascii": False})
    response["Content-Type"] = "application/ld+json; charset=utf-8"
    return response


@public_cached
def index(request):
    """The human page of the open data: what is published, where, and the schema."""
    return render(
        request,
        "portal/open_data.html",
        {
            "distributions": distributions(),
            "fields": [(name, open_data.FIELD_HELP[name]) for name in open_data.FIELDS],
            "version": open_data.SCHEMA_VERSION,
            "count": open_data.certified_count(),
        },
    )
