"""The national roll-up of programme figures in the demo: Phú Thọ's office sends the targets and
actual figures of its 2026 plan (``progress_items``, as ``ocop rollup push-progress`` does);
they are read by the endpoint's serializer and recorded by the receiving service
(``province_progress_receive``), as ``/api/v1/rollup/progress/`` would, so
demo-admin finds the table *Programme figures sent by provinces* on ``/bao-cao/?nam=2026``
and demo-province sees what its office sent.

Running it again on the same day changes nothing (the receiver leaves equal figures alone); on
a later day the figures are those counted that day, as a daily push would leave them.
"""

from __future__ import annotations

from ocop.accounts.models import User
from ocop.api.progress_rollup import ProgressBatchSerializer
from ocop.programme.rollup import progress_items, province_progress_receive

from .plans import YEAR

PROVINCE_CODE = "25"  # Phú Thọ (2025)


def load_national_figures(out: list[str]) -> None:
    batch = ProgressBatchSerializer(
        data={"provinces": progress_items(year=YEAR, province_code=PROVINCE_CODE)}
    )
    batch.is_valid(raise_exception=True)
    office = User.objects.get(username="demo-province")
    counts = province_progress_receive(actor=office, items=batch.validated_data["provinces"])
    out.append(
        "programme figures sent to the national roll-up: "
        + ", ".join(f"{k} {v}" for k, v in counts.items())
    )
