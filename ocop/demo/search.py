"""Searching the demo catalogue: the index holds every product recognised today (rebuilt only
when it does not), and a few searches to try on /san-pham/ as anyone, typed without accents,
in another word order, or as a certificate code. Running it again changes nothing."""

from __future__ import annotations

from urllib.parse import urlencode

from django.db import transaction
from django.urls import reverse

from ocop.certificates.catalogue import catalogue, recognised_certificates
from ocop.certificates.catalogue_index import catalogue_rebuild

SEARCHES = ("ruou men la", "la men ruou", "mat ong")


@transaction.atomic
def load_search(out: list[str]) -> None:
    recognised = recognised_certificates().count()
    if catalogue().count() != recognised:
        catalogue_rebuild()
    first = catalogue(sort="ten").first()
    tries = [*SEARCHES, first.code] if first else list(SEARCHES)
    address = reverse("portal:catalogue")
    out.append(f"Danh mục: {recognised} sản phẩm được tìm qua chỉ mục; thử tìm không dấu:")
    for words in tries:
        found = catalogue(query=words).count()
        out.append(f"  {address}?{urlencode({'q': words})} ({found} sản phẩm)")
