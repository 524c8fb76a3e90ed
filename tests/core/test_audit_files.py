"""The audit's snapshot of a record with a file field, empty or not."""

from django.core.files.base import ContentFile

from ocop.core.audit import snapshot
from tests.programme.plans_helpers import make_plan


def test_snapshot_names_a_stored_file_and_gives_none_for_an_empty_one(units, tmp_path, settings):
    settings.STORAGES = {
        **settings.STORAGES,
        "default": {
            "BACKEND": "django.core.files.storage.FileSystemStorage",
            "OPTIONS": {"location": str(tmp_path)},
        },
    }
    plan = make_plan(units.phu_tho)
    assert snapshot(plan)["text"] is None
    plan.text.save("ke-hoach.pdf", ContentFile(b"%PDF-1.4"), save=False)
    assert snapshot(plan)["text"].endswith(".pdf")
