import datetime
import time

from django.core.management import call_command

from ocop.core.models import AuditEvent
from ocop.geo.models import AdminUnit, Era, Level, UnitAlias, UnitSnapshot, UnitSuccession
from ocop.geo.selectors import unit_by_code, unit_current, units_find
from ocop.geo.services import geo_load_snapshot
from tests.geo.conftest import tiny_snapshot, write_snapshot


def _state():
    units = list(AdminUnit.objects.order_by("key").values())
    links = list(
        UnitSuccession.objects.order_by("predecessor__key", "successor__key").values(
            "predecessor__key", "successor__key", "kind", "is_primary", "effective_on"
        )
    )
    return units, links


def test_loader_builds_paths_current_paths_and_validity(db, tiny_snapshot_file):
    result = geo_load_snapshot(path=tiny_snapshot_file)

    assert result.created == 15
    assert result.successions_created == 11
    assert result.aliases_created == 3
    commune = AdminUnit.objects.get(key="old:c:05117")
    assert commune.path == "/old/17/157/05117/"
    assert commune.parent.key == "old:d:157"
    # split: the primary successor gives the current path
    assert commune.current_path == "/new/25/05130/"
    assert commune.valid_to == datetime.date(2025, 6, 30)
    assert commune.full_name == "Xã Quý Hòa"
    assert AdminUnit.objects.get(key="old:d:157").current_path == "/new/25/"
    assert AdminUnit.objects.get(key="old:p:17").current_path == "/new/25/"
    new = AdminUnit.objects.get(key="new:c:05130")
    assert (new.path, new.current_path) == ("/new/25/05130/", "/new/25/05130/")
    assert new.valid_from == datetime.date(2025, 7, 1) and new.valid_to is None
    assert str(AdminUnit.objects.get(key="old:p:17").latitude) == "20.686130"


def test_second_load_changes_nothing(db, tiny_snapshot_file):
    geo_load_snapshot(path=tiny_snapshot_file)
    before = _state()
    events = AuditEvent.objects.count()

    result = geo_load_snapshot(path=tiny_snapshot_file)

    assert not result.changed
    assert _state() == before
    assert UnitAlias.objects.count() == 3
    assert AuditEvent.objects.count() == events
    assert UnitSnapshot.objects.count() == 1


def test_load_records_the_snapshot_and_an_audit_event(db, tiny_snapshot_file):
    geo_load_snapshot(path=tiny_snapshot_file)

    snapshot = UnitSnapshot.objects.get()
    assert snapshot.sources == ["tiny-test-tree"]
    event = AuditEvent.objects.get(action="geo.snapshot.loaded")
    assert event.new["created"] == 15


def test_reload_of_a_corrected_snapshot_updates_in_place(db, tmp_path, tiny_snapshot_file):
    geo_load_snapshot(path=tiny_snapshot_file)
    unit_id = AdminUnit.objects.get(key="new:c:05130").pk
    data = tiny_snapshot()
    data["units"][13][3] = "Quyết Thắng Mới"
    data["successions"][8][3] = True
    data["successions"][9][3] = False
    corrected = tmp_path / "corrected.json.gz"
    write_snapshot(corrected, data)

    result = geo_load_snapshot(path=corrected)

    assert (result.created, result.successions_created) == (0, 0)
    unit = AdminUnit.objects.get(pk=unit_id)
    assert unit.full_name == "Xã Quyết Thắng Mới"
    assert unit.name_folded == "quyet thang moi"
    # the other half of the split became primary: the old commune follows it
    assert AdminUnit.objects.get(key="old:c:05117").current_path == "/new/25/05116/"
    assert result.updated == 2
    assert result.successions_updated == 2


def test_loader_fills_units_created_by_hand_instead_of_duplicating(units, tiny_snapshot_file):
    # the shared test tree holds old Hòa Bình (17) and new Phú Thọ (25) under the same keys
    geo_load_snapshot(path=tiny_snapshot_file)

    assert AdminUnit.objects.filter(key="old:p:17").count() == 1
    assert AdminUnit.objects.get(key="new:p:25").pk == units.phu_tho.pk


def test_geo_load_command_prints_a_one_line_summary(db, tiny_snapshot_file, monkeypatch, capsys):
    monkeypatch.setattr("ocop.geo.services.SNAPSHOT_FILE", tiny_snapshot_file)

    call_command("geo", "load")

    out = capsys.readouterr().out.strip()
    assert len(out.splitlines()) == 1
    assert "2 old provinces" in out and "15 created" in out


def test_geo_lookup_command_prints_matches(tiny_tree, capsys):
    call_command("geo", "lookup", "hoa binh", "--on", "2021-05-01", "--level", "province")

    assert capsys.readouterr().out.strip() == "old:p:17\tTỉnh Hòa Bình\t-> new:p:25 Tỉnh Phú Thọ"


def test_shipped_snapshot_loads_both_structures_with_successors(db):
    started = time.monotonic()
    geo_load_snapshot()
    elapsed = time.monotonic() - started

    count = AdminUnit.objects.filter
    assert count(era=Era.OLD, level=Level.PROVINCE).count() == 63
    assert count(era=Era.NEW, level=Level.PROVINCE).count() == 34
    assert count(era=Era.OLD, level=Level.DISTRICT).count() == 696
    assert count(era=Era.OLD, level=Level.COMMUNE).count() > 10_000
    assert 3_300 <= count(era=Era.NEW, level=Level.COMMUNE).count() <= 3_330
    hoa_binh = unit_by_code("17", on=datetime.date(2021, 5, 1))
    assert hoa_binh.name_folded == "hoa binh"
    assert unit_current(hoa_binh).name == "Phú Thọ"
    assert hoa_binh.children.count() == 10
    # xã Phú Lai (huyện Yên Thủy) joined thị trấn Hàng Trạm and xã Lạc Thịnh in xã Yên Thủy
    phu_lai = units_find("Xã Phú Lai", on=datetime.date(2021, 5, 1), parent=hoa_binh).get()
    assert phu_lai.parent.name == "Yên Thủy"
    yen_thuy = unit_current(phu_lai)
    assert (yen_thuy.full_name, yen_thuy.parent.name) == ("Xã Yên Thủy", "Phú Thọ")
    assert phu_lai.successions.get().kind == "merged"
    # a former name: Thừa Thiên Huế became the city of Huế in January 2025
    assert units_find("Tỉnh Thừa Thiên Huế", on=datetime.date(2021, 5, 1)).get().code == "46"
    ky_son = units_find("Huyện Kỳ Sơn", on=datetime.date(2019, 5, 1), parent=hoa_binh).get()
    assert ky_son.full_name == "Thành phố Hòa Bình"
    # every old unit points at a unit of the new structure
    assert not count(era=Era.OLD, current_path="").exists()
    assert elapsed < 60
