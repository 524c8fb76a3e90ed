"""The demonstration data set (see docs/demo.md).

Real administrative units (``ocop geo load``) and criteria (``ocop criteria load``) when those
commands exist, else a minimal Hòa Bình / Phú Thọ tree built here; then an INVENTED set of
producers and products in former Hòa Bình province, 2021, and one demo user per role. Every
demo record says it is invented. Idempotent: records are found by their demo keys first.
"""

from __future__ import annotations

import datetime
import functools
import struct
import zlib
from dataclasses import dataclass
from pathlib import Path

from django.core.files.base import ContentFile
from django.core.files.uploadedfile import SimpleUploadedFile
from django.core.management import call_command
from django.core.management.base import CommandError
from django.db import transaction

from ocop.accounts.models import Role, RoleAssignment, User
from ocop.criteria.models import CriteriaSet, ProductSet
from ocop.geo.models import AdminUnit, Era, Level
from ocop.registry import services
from ocop.registry.models import Producer, ProductPhoto, ProductStatus
from ocop.registry.validators import tax_check_digit

DEMO_PASSWORD = "ocop-demo"  # noqa: S105 - the published demo password
DEMO_NOTE = "Dữ liệu minh họa, không có thật."

# Former Hòa Bình (old code 17): district code -> name; the communes used, with the 2025
# commune of Phú Thọ (new code 25) that took each of them over.
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

D = datetime.date
FIRST_DECISION = ("DEMO-1021/QĐ-UBND", D(2021, 11, 26))
RENEWAL_DECISION = ("DEMO-2187/QĐ-UBND", D(2024, 11, 22))


@dataclass
class P:  # a demo product: name, product set, status, stars
    name: str
    number: int
    status: str = ProductStatus.RECOGNISED
    stars: int | None = 3
    description: str = ""


R, E, DR, SU, UR = (
    ProductStatus.RECOGNISED,
    ProductStatus.EXPIRED,
    ProductStatus.DRAFT,
    ProductStatus.SUBMITTED,
    ProductStatus.UNDER_REVIEW,
)

# (serial, legal form, name, commune, representative, gender, ethnicity, products)
# fmt: off
PRODUCERS = [
    (101, "cooperative", "Hợp tác xã Rượu men lá Hàng Trạm", "05353", "Bùi Thị Xuân", "female", "Mường", [
        P("Rượu men lá Hàng Trạm", 14, R, 4,
          "Rượu nấu từ gạo nếp nương, ủ men lá rừng theo cách của người Mường."),
        P("Rượu ngô men lá", 14, R, 3,
          "Rượu ngô vàng ủ men lá, hạ thổ ba tháng trong chum sành."),
        P("Rượu nếp cẩm ngâm mơ", 15, SU, None,
          "Rượu nếp cẩm ngâm quả mơ rừng, màu tím đỏ."),
    ]),
    (102, "household", "Hộ kinh doanh Bùi Văn Khiêm", "05362", "Bùi Văn Khiêm", "male", "Mường", [
        P("Mật ong hoa nhãn Lạc Lương", 4, R, 3,
          "Mật ong nuôi dưới tán vườn nhãn, quay mật theo mùa hoa."),
    ]),
    (103, "cooperative", "Hợp tác xã Cam Thung Nai", "05095", "Nguyễn Văn Sơn", "male", "Kinh", [
        P("Cam đường canh Thung Nai", 1, R, 4,
          "Cam trồng trên đồi ven hồ, vỏ mỏng, vị ngọt đậm."),
        P("Nước cam ép nguyên chất", 17, DR, None,
          "Nước cam ép lạnh, không thêm đường."),
    ]),
    (104, "enterprise", "Công ty TNHH Chè Đà Bắc Xanh", "04831", "Xa Thị Lan", "female", "Tày", [
        P("Chè shan tuyết búp khô", 11, R, 4,
          "Búp chè từ cây chè cổ thụ trên núi cao, sao tay."),
        P("Trà giảo cổ lam", 12, R, 3,
          "Lá giảo cổ lam phơi âm can, đóng túi lọc."),
    ]),
    (105, "cooperative_group", "Tổ hợp tác Dệt thổ cẩm Bản Lác", "05200", "Hà Thị Nguyệt", "female", "Thái", [
        P("Khăn thổ cẩm dệt tay", 22, R, 3,
          "Khăn dệt trên khung cửi gỗ với hoa văn truyền thống."),
        P("Túi thổ cẩm Mai Châu", 21, SU, None,
          "Túi đeo may từ vải thổ cẩm dệt tay."),
    ]),
    (106, "farm", "Trang trại Dược liệu Lâm Sơn", "04942", "Đinh Công Hậu", "male", "Mường", [
        P("Cao xạ đen", 18, E, 3,
          "Cao cô đặc từ cây xạ đen trồng dưới tán rừng."),
        P("Trà xạ đen túi lọc", 12, DR, None,
          "Trà túi lọc từ lá và cành xạ đen."),
    ]),
    (107, "cooperative", "Hợp tác xã Gạo nếp Hùng Sơn", "04987", "Quách Văn Thành", "male", "Mường", [
        P("Gạo nếp cái hoa vàng", 3, R, 3,
          "Gạo nếp trồng ở ruộng bậc thang, hạt tròn, dẻo thơm."),
        P("Bánh chưng gù", 6, UR, None,
          "Bánh chưng gói lá dong, lưng gù, nhân đỗ và thịt ba chỉ."),
    ]),
    (108, "enterprise", "Công ty Cổ phần Nước khoáng Suối Bo", "04978", "Trần Minh Đức", "male", "Kinh", [
        P("Nước khoáng thiên nhiên Suối Bo", 16, R, 4,
          "Nước khoáng nóng lấy từ mạch ngầm, đóng chai tại nguồn."),
    ]),
    (109, "cooperative", "Hợp tác xã Thịt lợn bản Quý Hòa", "05269", "Bùi Văn Tươi", "male", "Mường", [
        P("Thịt lợn gác bếp", 8, R, 3,
          "Thịt lợn bản ướp mắc khén, hun khói trên gác bếp."),
        P("Lạp xưởng lợn bản", 8, DR, None,
          "Lạp xưởng nhồi thủ công từ thịt lợn thả đồi."),
    ]),
    (110, "household", "Hộ kinh doanh Đinh Thị Mỵ", "05266", "Đinh Thị Mỵ", "female", "Mường", [
        P("Rượu cần Mường", 15, R, 3,
          "Rượu ủ trong bình gốm, uống bằng cần trúc trong ngày hội."),
    ]),
    (111, "cooperative", "Hợp tác xã Bưởi đỏ Mãn Đức", "05128", "Lò Văn Hùng", "male", "Thái", [
        P("Bưởi đỏ Mãn Đức", 1, R, 3,
          "Bưởi ruột hồng, vỏ đỏ khi chín, thu hoạch dịp Tết."),
        P("Mứt vỏ bưởi", 7, SU, None,
          "Mứt sên từ vỏ bưởi đỏ và đường phèn."),
    ]),
    (112, "cooperative", "Hợp tác xã Du lịch cộng đồng Giáp Đắt", "04840", "Đinh Thị Thu", "female", "Dao", [
        P("Trải nghiệm bản Dao ven hồ", 26, R, 3,
          "Nghỉ nhà sàn, đi thuyền trên hồ và học nấu món Dao."),
    ]),
    (113, "enterprise", "Công ty TNHH Mây tre Thịnh Lang", "04795", "Phạm Thị Hà", "female", "Kinh", [
        P("Giỏ mây tre đan", 21, R, 3,
          "Giỏ đan từ mây rừng và tre vầu, hoàn thiện bằng dầu tự nhiên."),
        P("Đèn mây tre trang trí", 21, DR, None,
          "Chụp đèn đan tay theo mẫu hoa văn thổ cẩm."),
    ]),
    (114, "cooperative", "Hợp tác xã Mía tím Phú Nghĩa", "05395", "Nguyễn Thị Hạnh", "female", "Kinh", [
        P("Mía tím Phú Nghĩa", 1, R, 3,
          "Mía thân tím, nhiều nước, trồng trên đất bãi ven sông."),
        P("Nước mía đóng chai", 17, DR, None,
          "Nước mía ép thanh trùng, đóng chai thủy tinh."),
    ]),
    (115, "household", "Hộ kinh doanh Xa Văn Thỏa", "05206", "Xa Văn Thỏa", "male", "Thái", [
        P("Rượu ngô Sơn Thủy", 14, E, 3,
          "Rượu ngô nấu bằng nồi đồng, men lá của bản Thái."),
    ]),
]
# fmt: on


def demo_tax_code(serial: int) -> str:
    """A valid-looking, invented tax code under the Hòa Bình prefix 54."""
    for bump in range(100):
        body = f"54{serial:03d}{bump:04d}"
        check = tax_check_digit(body)
        if check is not None:
            return f"{body}{check}"
    raise ValueError(serial)


@functools.lru_cache(maxsize=8)
def _pdf_page(title: str) -> bytes:
    from fpdf import FPDF

    fonts = Path(__file__).resolve().parent.parent / "static" / "ocop" / "fonts"
    pdf = FPDF()
    pdf.add_page()
    pdf.add_font("DejaVu", fname=str(fonts / "DejaVuSans.ttf"))
    pdf.set_font("DejaVu", size=14)
    pdf.multi_cell(0, 9, title, new_x="LMARGIN", new_y="NEXT")
    pdf.set_font("DejaVu", size=11)
    pdf.multi_cell(0, 7, DEMO_NOTE, new_x="LMARGIN", new_y="NEXT")
    return bytes(pdf.output())


def demo_pdf(title: str, owner: str) -> bytes:
    """A small PDF naming the (invented) owner in a trailing comment, so each file differs."""
    return _pdf_page(title) + f"% {owner}\n".encode()


def demo_png(rgb: tuple[int, int, int], size: int = 48) -> bytes:
    def chunk(kind: bytes, data: bytes) -> bytes:
        body = kind + data
        return struct.pack(">I", len(data)) + body + struct.pack(">I", zlib.crc32(body))

    row = b"\x00" + bytes(rgb) * size
    header = struct.pack(">IIBBBBB", size, size, 8, 2, 0, 0, 0)
    return (
        b"\x89PNG\r\n\x1a\n"
        + chunk(b"IHDR", header)
        + chunk(b"IDAT", zlib.compress(row * size))
        + chunk(b"IEND", b"")
    )


def _load_reference_data(out: list[str]) -> None:
    for args in (("geo", "load"), ("criteria", "load")):
        try:
            call_command(*args, verbosity=0)
            out.append(f"{' '.join(args)}: done")
        except CommandError as error:
            out.append(f"{' '.join(args)}: not available ({error})")


def build_minimal_units() -> None:
    """Phú Thọ (2025) and the part of former Hòa Bình the demo uses, when no unit is loaded."""
    from ocop.geo.services import unit_add

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


def _product_set(number: int) -> ProductSet:
    found = (
        ProductSet.objects.filter(criteria_set__effective_to__isnull=True, number=number)
        .order_by("-criteria_set__effective_from")
        .first()
    )
    if found:
        return found
    fallback, _ = CriteriaSet.objects.get_or_create(
        code="DEMO-SETS",
        defaults={
            "title_vi": "Nhóm sản phẩm minh họa",
            "issued_on": D(2021, 1, 1),
            "effective_from": D(2021, 1, 1),
        },
    )
    return ProductSet.objects.get_or_create(
        criteria_set=fallback,
        number=number,
        defaults={"slug": f"bo-{number}", "name_vi": f"Bộ sản phẩm {number}"},
    )[0]


def _unit(era, level, code) -> AdminUnit:
    return AdminUnit.objects.get(era=era, level=level, code=code)


def _user(username: str, full_name: str, **extra) -> User:
    user, created = User.objects.get_or_create(
        username=username, defaults={"full_name": full_name, **extra}
    )
    if created:
        user.set_password(DEMO_PASSWORD)
        user.save()
    return user


def _grant(user, role, **kwargs) -> None:
    RoleAssignment.objects.get_or_create(user=user, role=role, **kwargs)


def _decisions(hoa_binh):
    from ocop.certificates.models import DecisionLevel, RecognitionDecision

    made = []
    for number, day in (FIRST_DECISION, RENEWAL_DECISION):
        decision, _ = RecognitionDecision.objects.get_or_create(
            number=number,
            year=day.year,
            unit=hoa_binh,
            defaults={
                "decided_on": day,
                "level": DecisionLevel.PROVINCE,
                "signer": "Người ký minh họa",
                "round_label": "Dữ liệu minh họa",
            },
        )
        made.append(decision)
    return made


def _certify(product, stars, expired, decisions) -> None:
    """The 2021 recognition, renewed in 2024 unless the product was left to expire."""
    from ocop.certificates.models import Certificate

    first_decision, renewal_decision = decisions
    from ocop.certificates.signing import sign

    first = Certificate.objects.create(
        product=product,
        producer=product.producer,
        decision=first_decision,
        stars=stars,
        issued_on=first_decision.decided_on,
        expires_on=first_decision.decided_on.replace(year=first_decision.decided_on.year + 3),
        superseded=not expired,
    )
    first.signature = sign(first)
    first.save(update_fields=["signature"])
    if not expired:
        renewal = Certificate.objects.create(
            product=product,
            producer=product.producer,
            decision=renewal_decision,
            kind="reevaluation",
            previous=first,
            stars=stars,
            issued_on=renewal_decision.decided_on,
            expires_on=renewal_decision.decided_on.replace(
                year=renewal_decision.decided_on.year + 3
            ),
        )
        renewal.signature = sign(renewal)
        renewal.save(update_fields=["signature"])


ALL_MET = {key: {"ok": True, "note": "Đạt (minh họa)."} for key, _ in services.REVIEW_TOPICS}


def _documents(admin, producer, serial) -> None:
    services.document_upload(
        actor=admin,
        producer=producer,
        file=SimpleUploadedFile(
            "dang-ky-kinh-doanh.pdf",
            demo_pdf("Giấy chứng nhận đăng ký (minh họa)", producer.tax_code),
        ),
        doc_type="business_registration",
        title="Giấy chứng nhận đăng ký kinh doanh",
        number=f"DEMO-{serial}",
        issuing_body="Cơ quan đăng ký minh họa",
        issued_on=D(2019, 3, 1),
    )
    services.document_upload(
        actor=admin,
        producer=producer,
        file=SimpleUploadedFile(
            "an-toan-thuc-pham.pdf",
            demo_pdf("Giấy chứng nhận an toàn thực phẩm (minh họa)", producer.tax_code),
        ),
        doc_type="food_safety",
        title="Giấy chứng nhận cơ sở đủ điều kiện an toàn thực phẩm",
        number=f"DEMO-ATTP-{serial}",
        issuing_body="Cơ quan quản lý minh họa",
        issued_on=D(2024, 6, 1),
        expires_on=D(2027, 6, 1),
    )


def _walk(admin, product, target, stars, decisions) -> None:
    """Take a product through the real services up to ``target``."""
    if target == ProductStatus.DRAFT:
        return
    dossier = services.dossier_create(actor=admin, kind="first", product=product)
    services.dossier_submit(actor=admin, dossier=dossier)
    if target == ProductStatus.SUBMITTED:
        return
    services.dossier_review(actor=admin, dossier=dossier, answers=ALL_MET, forward=True)
    if target == ProductStatus.UNDER_REVIEW:
        return
    services.dossier_move(actor=admin, dossier=dossier, to="in_evaluation")
    services.product_move(actor=admin, product=product, to=ProductStatus.RECOGNISED, stars=stars)
    services.dossier_move(actor=admin, dossier=dossier, to="closed")
    _certify(product, stars, target == ProductStatus.EXPIRED, decisions)
    if target == ProductStatus.EXPIRED:
        services.product_move(
            actor=admin, product=product, to=ProductStatus.EXPIRED, note=DEMO_NOTE
        )


PHOTO_COLOURS = [(190, 140, 60), (120, 160, 80), (200, 90, 50), (90, 120, 170)]


@transaction.atomic
def _load_registry(out: list[str]) -> None:
    admin = _user("demo-admin", "Quản trị minh họa", is_superuser=True, is_staff=True)
    hoa_binh = _unit(Era.OLD, Level.PROVINCE, "17")
    decisions = _decisions(hoa_binh)
    created = 0
    for serial, form, name, commune, rep, gender, ethnicity, products in PRODUCERS:
        tax_code = demo_tax_code(serial)
        if Producer.objects.filter(tax_code=tax_code).exists():
            continue
        producer = services.producer_create(
            actor=admin,
            fields={
                "legal_form": form,
                "name": name,
                "tax_code": tax_code,
                "representative_name": rep,
                "representative_title": "Người đại diện (minh họa)",
                "representative_gender": gender,
                "representative_ethnicity": ethnicity,
                "address": f"{DEMO_NOTE} Xóm Trung Tâm",
                "commune": _unit(Era.OLD, Level.COMMUNE, commune),
                "phone": f"0912{serial:06d}",
            },
        )
        _documents(admin, producer, serial)
        for index, item in enumerate(products):
            product = services.product_create(
                actor=admin,
                producer=producer,
                fields={
                    "name": item.name,
                    "product_set": _product_set(item.number),
                    "description": f"{DEMO_NOTE} {item.description}",
                },
            )
            if item.status in (R, E) and index == 0:
                photo = ProductPhoto(product=product, caption=item.name)
                photo.image.save(
                    f"{product.public_code}.png",
                    ContentFile(demo_png(PHOTO_COLOURS[serial % len(PHOTO_COLOURS)])),
                )
            _walk(admin, product, item.status, item.stars, decisions)
        created += 1
    out.append(f"demo producers created: {created} (of {len(PRODUCERS)})")


def _load_users(out: list[str]) -> None:
    phu_tho = _unit(Era.NEW, Level.PROVINCE, "25")
    spirit = Producer.objects.get(tax_code=demo_tax_code(PRODUCERS[0][0]))
    roles = [
        (
            "demo-province",
            "Văn phòng OCOP tỉnh (minh họa)",
            Role.PROVINCE_OFFICE,
            {"unit": phu_tho},
        ),
        (
            "demo-department",
            "Cán bộ Sở (minh họa)",
            Role.DEPARTMENT,
            {
                "unit": phu_tho,
                "department": "Sở Công Thương (minh họa)",
                "product_sets": [14, 15, 16, 17],
            },
        ),
        (
            "demo-district",
            "Cán bộ huyện Yên Thủy (minh họa)",
            Role.DISTRICT_OFFICER,
            {"unit": _unit(Era.OLD, Level.DISTRICT, "158")},
        ),
        (
            "demo-commune",
            "Cán bộ xã Hàng Trạm (minh họa)",
            Role.COMMUNE_OFFICER,
            {"unit": _unit(Era.OLD, Level.COMMUNE, DEMO_COMMUNE)},
        ),
        ("demo-council", "Thành viên hội đồng (minh họa)", Role.COUNCIL_MEMBER, {"unit": phu_tho}),
        ("demo-producer", "Chủ thể minh họa", Role.PRODUCER, {"producer": spirit}),
    ]
    for username, full_name, role, scope in roles:
        user = _user(username, full_name)
        sets = scope.pop("product_sets", None)
        department = scope.pop("department", "")
        assignment, made = RoleAssignment.objects.get_or_create(user=user, role=role, **scope)
        if made and (sets or department):
            assignment.product_sets = sets or []
            assignment.department = department
            assignment.save()
    out.append("demo users: " + ", ".join(["demo-admin", *(r[0] for r in roles)]))


def load_demo(*, load_reference: bool = True) -> str:
    out: list[str] = []
    if load_reference:
        _load_reference_data(out)
    build_minimal_units()
    _load_registry(out)
    _load_users(out)
    return "\n".join(out)
