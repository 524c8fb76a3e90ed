"""A second province's officer against the write doors added to join the programme's parts:
the roll-up of programme figures (API and service)."""

import datetime

import pytest
from rest_framework.test import APIClient

from ocop.core.exceptions import PermissionDeniedError
from ocop.programme.models import ProvinceProgress
from ocop.programme.rollup import province_progress_receive
from tests import factories as f

D = datetime.date


def _item(unit, actual):
    return {
        "province": {"era": unit.era, "level": unit.level, "code": unit.code},
        "year": 2026,
        "as_of": D(2026, 10, 1),
        "plans": ["9/KH"],
        "measures": [{"measure": "new_products", "target": 1, "actual": actual}],
    }


def test_another_province_cannot_write_or_overwrite_programme_figures(units):
    stored = ProvinceProgress.objects.create(
        province=units.phu_tho, year=2026, measure="new_products", target=5, actual=2,
        as_of=D(2026, 6, 30), source="01/KH-UBND",
    )  # fmt: skip
    officer = f.UserFactory(username="hanoi-officer")
    f.grant(officer, "province_office", unit=units.hanoi)
    for province in (units.phu_tho, units.hoa_binh):
        with pytest.raises(PermissionDeniedError):
            province_progress_receive(actor=officer, items=[_item(province, 99)])
    client = APIClient()
    client.force_authenticate(officer)
    item = _item(units.phu_tho, 99)
    item["as_of"] = "2026-10-01"
    response = client.post("/api/v1/rollup/progress/", {"provinces": [item]}, format="json")
    assert response.status_code == 403
    stored.refresh_from_db()
    assert (stored.actual, stored.source) == (2, "01/KH-UBND")
    assert ProvinceProgress.objects.count() == 1
