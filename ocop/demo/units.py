"""The administrative units the demo uses.

The real units and criteria come from ``ocop geo load`` and ``ocop criteria load`` when those
commands can run; otherwise :func:`build_minimal_units` builds the part of former Hòa Bình
(old code 17) and of Phú Thọ (2025, new code 25) that the demo producers live in.
"""

from __future__ import annotations

from django.core.management import call_command
from django.core.management.base import CommandError

from ocop.geo.models import AdminUnit, Era, Level
from ocop.geo.services import unit_add

# Former Hòa Bình: district code -> name; the communes used, with the 2025 commune of Phú Thọ
# that took each of them over.
DISTRICTS = {
    "148": ("Hòa Bình", "thanh_pho"),
    "150": ("Đà Bắc", "huyen"),
    "152": ("Lương Sơn", "huyen"),
    "153": ("Kim Bôi", "huyen"),
    "154": ("Cao Phong", "huyen"),
    "155": ("Tân Lạc", "huyen"),
    "156": ("Mai Châu", "huyen"),
    "157": ("Lạc Sơn", "huyen"),
    "158": ("Yên Thủy", "huyen"),
    "159": ("Lạc Thủy", "huyen"),
}
COMMUNES = {  # old code: (district, name, type, new code)
    "04795": ("148", "Thịnh Lang", "phuong", "04795"),
    "04831": ("150", "Đà Bắc", "thi_tran", "04831"),
    "04840": ("150", "Giáp Đắt", "xa", "04849"),
    "04942": ("152", "Lâm Sơn", "xa", "04924"),
    "04978": ("153", "Bo", "thi_tran", "04978"),
    "04987": ("153", "Hùng Sơn", "xa", "04990"),
    "05095": ("154", "Thung Nai", "xa", "05098"),
    "05128": ("155", "Mãn Đức", "xa", "05128"),
    "05200": ("156", "Mai Châu", "thi_tran", "05200"),
    "05206": ("156", "Sơn Thủy", "xa", "05206"),
    "05266": ("157", "Vụ Bản", "thi_tran", "05266"),
    "05269": ("157", "Quý Hòa", "xa", "05287"),
    "05353": ("158", "Hàng Trạm", "thi_tran", "05353"),
    "05362": ("158", "Lạc Lương", "xa", "05362"),
    "05395": ("159", "Phú Nghĩa", "xa", "05395"),
}
DEMO_COMMUNE = "05353"  # Hàng Trạm, Yên Thủy: home of the demo rice-spirit cooperative


def load_reference_data(out: list[str]) -> None:
    """Run ``geo load`` and ``criteria load``; note in ``out`` what could not run."""
    for args in (("geo", "load"), ("criteria", "load")):
        try:
            call_command(*args, verbosity=0)
            out.append(f"{' '.join(args)}: done")
        except CommandError as error:
            out.append(f"{' '.join(args)}: not available ({error})")


def unit(era: str, level: str, code: str) -> AdminUnit:
    return AdminUnit.objects.get(era=era, level=level, code=code)


def build_minimal_units() -> None:
    """Phú Thọ (2025) and the part of former Hòa Bình the demo uses, and Hà Nội (the second
    province's office works there), when no unit is loaded."""
    if not AdminUnit.objects.filter(era=Era.NEW, level=Level.PROVINCE, code="01").exists():
        unit_add(
            era=Era.NEW, level=Level.PROVINCE, code="01", name="Hà Nội", unit_type="thanh_pho_tw"
        )
    if AdminUnit.objects.filter(era=Era.OLD, level=Level.PROVINCE, code="17").exists():
        return
    phu_tho = AdminUnit.objects.filter(era=Era.NEW, level=Level.PROVINCE, code="25").first()
    if phu_tho is None:
        phu_tho = unit_add(
            era=Era.NEW, level=Level.PROVINCE, code="25", name="Phú Thọ", unit_type="tinh"
        )
    new_communes = {}
    for _district, name, kind, new_code in COMMUNES.values():
        if new_code not in new_communes:
            new_communes[new_code] = unit_add(
                era=Era.NEW,
                level=Level.COMMUNE,
                code=new_code,
                name=name,
                unit_type="phuong" if kind == "phuong" else "xa",
                parent=phu_tho,
            )
    hoa_binh = unit_add(
        era=Era.OLD,
        level=Level.PROVINCE,
        code="17",
        name="Hòa Bình",
        unit_type="tinh",
        current=phu_tho,
    )
    districts = {
        code: unit_add(
            era=Era.OLD,
            level=Level.DISTRICT,
            code=code,
            name=name,
            unit_type=kind,
            parent=hoa_binh,
            current=phu_tho,
        )
        for code, (name, kind) in DISTRICTS.items()
    }
    for code, (district, name, kind, new_code) in COMMUNES.items():
        unit_add(
            era=Era.OLD,
            level=Level.COMMUNE,
            code=code,
            name=name,
            unit_type=kind,
            parent=districts[district],
            current=new_communes[new_code],
        )
