from tests.matrix import Case

# Administrative units are public reference data: every persona sees the same pages.
CASES = [
    Case("geo:browse"),
    Case("geo:suggest"),
    Case("geo:unit", kwargs=lambda w: {"era": "old", "code": w.units.hoa_binh.code}),
    Case("geo:unit", id="geo:unit(new)", kwargs=lambda w: {"era": "new", "code": "25"}),
    Case(
        "geo:unit",
        id="geo:unit(missing)",
        kwargs=lambda w: {"era": "old", "code": "99"},
        default=404,
    ),
    Case(
        "geo:unit",
        id="geo:unit(unknown structure)",
        kwargs=lambda w: {"era": "later", "code": "17"},
        default=404,
    ),
]
