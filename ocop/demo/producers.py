"""The invented producers and products of the demo, in former Hòa Bình province, 2021.

Every record says it is invented. Each product is taken through the real registry services up
to its demo status (draft, submitted, under review, recognised or expired); recognised ones get
their certificates from ``ocop.demo.recognition``. Idempotent: a producer whose demo tax code
exists already is skipped.
"""

from __future__ import annotations

import datetime
from dataclasses import dataclass

from django.core.files.base import ContentFile
from django.core.files.uploadedfile import SimpleUploadedFile
from django.db import transaction

from ocop.criteria.models import CriteriaSet, ProductSet
from ocop.geo.models import Era, Level
from ocop.registry import services
from ocop.registry.models import Producer, Product, ProductPhoto, ProductStatus
from ocop.registry.validators import tax_check_digit

from .files import DEMO_NOTE, demo_pdf, demo_png
from .recognition import certify, demo_decisions
from .units import unit

D = datetime.date


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


def spirit_cooperative() -> Producer:
    """The rice-spirit cooperative of Hàng Trạm, the producer the demo producer user acts for."""
    return Producer.objects.get(tax_code=demo_tax_code(PRODUCERS[0][0]))


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


ALL_MET = {key: {"ok": True, "note": "Đạt (minh họa)."} for key, _ in services.REVIEW_TOPICS}
PHOTO_COLOURS = [(190, 140, 60), (120, 160, 80), (200, 90, 50), (90, 120, 170)]


def _documents(admin, producer: Producer, serial: int) -> None:
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


def _walk(admin, product: Product, target: str, stars: int | None, decisions) -> None:
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
    certify(product, stars, expired=target == ProductStatus.EXPIRED, decisions=decisions)
    if target == ProductStatus.EXPIRED:
        services.product_move(
            actor=admin, product=product, to=ProductStatus.EXPIRED, note=DEMO_NOTE
        )


@transaction.atomic
def load_producers(out: list[str], *, admin) -> None:
    """Create the demo producers missing so far, with their documents, products and photos."""
    decisions = demo_decisions(unit(Era.OLD, Level.PROVINCE, "17"))
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
                "commune": unit(Era.OLD, Level.COMMUNE, commune),
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
