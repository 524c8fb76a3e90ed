"""Permission-matrix cases for the public face: producer and unit pages, open data. All are
open to everyone; what is not public answers 404."""

from tests.matrix import Case, everyone

CASES = [
    Case("portal:producer", kwargs=lambda w: {"code": w.producer.public_code}),
    Case(
        "portal:producer",
        id="portal:producer(no certified product)",
        kwargs=lambda w: {"code": w.other_producer.public_code},
        expect=everyone(404),
    ),
    Case(
        "portal:unit_products",
        kwargs=lambda w: {"era": w.units.phu_tho.era, "code": w.units.phu_tho.code},
    ),
    Case(
        "portal:unit_products",
        id="portal:unit_products(unknown structure)",
        kwargs=lambda w: {"era": "xyz", "code": w.units.phu_tho.code},
        expect=everyone(404),
    ),
    Case("portal:open_data"),
    Case("portal:open_data_dcat"),
    Case("portal:open_data_certified", kwargs=lambda w: {"fmt": "json"}),
    Case(
        "portal:open_data_certified",
        id="portal:open_data_certified(csv)",
        kwargs=lambda w: {"fmt": "csv"},
    ),
    Case(
        "portal:open_data_certified",
        id="portal:open_data_certified(xml)",
        kwargs=lambda w: {"fmt": "xml"},
        expect=everyone(404),
    ),
]
