"""Writes to the administrative-unit tables."""

from __future__ import annotations

import datetime

from django.db import transaction

from ocop.core.text import fold
from ocop.geo.models import AdminUnit, Era, Level, UnitSuccession

REORGANISATION_DAY = datetime.date(2025, 7, 1)
LAST_OLD_DAY = datetime.date(2025, 6, 30)

_PREFIX_BY_TYPE = {
    "tinh": "Tỉnh",
    "thanh_pho_tw": "Thành phố",
    "huyen": "Huyện",
    "quan": "Quận",
    "thi_xa": "Thị xã",
    "thanh_pho": "Thành phố",
    "xa": "Xã",
    "phuong": "Phường",
    "thi_tran": "Thị trấn",
    "dac_khu": "Đặc khu",
}


def unit_path(era: str, parent: AdminUnit | None, code: str) -> str:
    base = parent.path if parent is not None else f"/{era}/"
    return f"{base}{code}/"


@transaction.atomic
def unit_add(
    *,
    era: str,
    level: str,
    code: str,
    name: str,
    unit_type: str,
    parent: AdminUnit | None = None,
    valid_from: datetime.date | None = None,
    valid_to: datetime.date | None = None,
    current: AdminUnit | None = None,
    latitude=None,
    longitude=None,
) -> AdminUnit:
    """Create a unit with its path. ``current`` is the new-structure unit covering it today."""
    if era == Era.OLD and valid_to is None:
        valid_to = LAST_OLD_DAY
    if era == Era.NEW and valid_from is None:
        valid_from = REORGANISATION_DAY
    path = unit_path(era, parent, code)
    unit = AdminUnit.objects.create(
        key=f"{era}:{level[0]}:{code}",
        era=era,
        level=level,
        code=code,
        name=name,
        unit_type=unit_type,
        full_name=f"{_PREFIX_BY_TYPE.get(unit_type, '')} {name}".strip(),
        name_folded=fold(name),
        parent=parent,
        path=path,
        current_path=current.path if current is not None else (path if era == Era.NEW else ""),
        valid_from=valid_from,
        valid_to=valid_to,
        latitude=latitude,
        longitude=longitude,
    )
    if current is not None and era == Era.OLD:
        UnitSuccession.objects.create(
            predecessor=unit,
            successor=current,
            effective_on=REORGANISATION_DAY,
            kind=UnitSuccession.Kind.ABOLISHED
            if level == Level.DISTRICT
            else UnitSuccession.Kind.MERGED,
        )
    return unit
