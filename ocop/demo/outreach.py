"""Demo trade fairs and news (see docs/demo.md): a fair of last season with its results, a
coming one open to registration, and three posts of the Hàng Trạm commune office — one
published, one waiting for demo-province's review, one draft — each with a cover drawn here.

Everything goes through the outreach services, as the offices would do it. Idempotent: a fair
or post whose demo name exists already is left alone. Dates follow today, so the coming fair
stays ahead."""

from __future__ import annotations

import datetime
import io

from django.contrib.staticfiles import finders
from django.core.files.uploadedfile import SimpleUploadedFile
from django.db import transaction
from django.utils import timezone
from PIL import Image, ImageDraw, ImageFont

from ocop.accounts.models import User
from ocop.geo.models import Era, Level
from ocop.outreach import services
from ocop.outreach.models import Fair, FairLevel, Post
from ocop.registry.models import Product

from .units import DEMO_COMMUNE, unit

PAST_FAIR = "Hội chợ OCOP và làng nghề Phú Thọ mùa thu (minh họa)"
COMING_FAIR = "Tuần hàng OCOP Phú Thọ tại Hà Nội (minh họa)"

# product, sales, contracts signed, value of the contracts (đồng)
PAST_RESULTS = [
    ("Rượu men lá Hàng Trạm", 18_500_000, 1, 120_000_000),
    ("Mật ong hoa nhãn Lạc Lương", 9_200_000, 0, 0),
    ("Chè shan tuyết búp khô", 14_000_000, 2, 250_000_000),
]

POSTS = [  # title, category, summary, body, cover colour, fate
    (
        "Hàng Trạm giữ nghề nấu rượu men lá (minh họa)",
        "products",
        "Hợp tác xã ở Hàng Trạm vẫn ủ men từ lá rừng theo cách các cụ truyền lại.",
        "Mỗi mẻ men lá được ủ trong khoảng một tuần, từ hơn chục loại lá cây do xã viên tự "
        "hái trên đồi.\n\nNăm nay hợp tác xã đưa thêm sổ ghi chép từng mẻ nấu, để khách hàng "
        "và hội đồng đánh giá đều xem được nguồn gốc nguyên liệu.\n\nBài viết minh họa, "
        "nội dung không có thật.",
        (122, 63, 25),
        "published",
    ),
    (
        "Lớp tập huấn ghi chép sổ sách cho hợp tác xã (minh họa)",
        "training",
        "Cán bộ xã mở lớp hướng dẫn các chủ thể ghi chép thu chi và lưu hồ sơ sản phẩm.",
        "Lớp học kéo dài hai buổi tại nhà văn hóa xã, dành cho các hộ và hợp tác xã đang "
        "chuẩn bị hồ sơ OCOP.\n\nHọc viên được hướng dẫn lập sổ thu chi đơn giản và cách chụp "
        "ảnh sản phẩm đúng yêu cầu.\n\nBài viết minh họa, nội dung không có thật.",
        (31, 111, 67),
        "submitted",
    ),
    (
        "Chuẩn bị gian hàng cho tuần hàng OCOP tại Hà Nội (minh họa)",
        "fair",
        "Các chủ thể trong xã bắt đầu chọn sản phẩm và bao bì cho gian hàng chung.",
        "Xã dự kiến mang ba sản phẩm tới tuần hàng, trưng bày chung một gian.\n\nCác chủ thể "
        "cần hoàn tất tem nhãn và giấy tờ an toàn thực phẩm trước ngày khai mạc.\n\nBài viết "
        "minh họa, nội dung không có thật.",
        (40, 80, 140),
        "draft",
    ),
]


def _cover(title: str, colour: tuple[int, int, int]) -> SimpleUploadedFile:
    """A plain cover of one colour with the post's title written on it."""
    picture = Image.new("RGB", (1200, 630), colour)
    draw = ImageDraw.Draw(picture)
    font_path = finders.find("ocop/fonts/DejaVuSans-Bold.ttf")
    font = ImageFont.truetype(font_path, 54) if font_path else ImageFont.load_default()
    words, lines, line = title.split(), [], ""
    for word in words:
        if len(line) + len(word) > 26 and line:
            lines.append(line)
            line = word
        else:
            line = f"{line} {word}".strip()
    lines.append(line)
    for row, text in enumerate(lines):
        draw.text((60, 80 + row * 80), text, fill=(255, 255, 255), font=font)
    draw.text((60, 540), "OCOP", fill=(255, 230, 150), font=font)
    out = io.BytesIO()
    picture.save(out, format="PNG")
    return SimpleUploadedFile("bia.png", out.getvalue())


def _product(name: str) -> Product:
    return Product.objects.get(name=name)


def _fairs(province_office: User, producer_user: User, today: datetime.date) -> int:
    phu_tho = unit(Era.NEW, Level.PROVINCE, "25")
    made = 0
    if not Fair.objects.filter(name=PAST_FAIR).exists():
        start = today - datetime.timedelta(days=75)
        fair = services.fair_create(
            actor=province_office,
            unit=phu_tho,
            fields={
                "name": PAST_FAIR,
                "organiser": "Sở Công Thương tỉnh Phú Thọ (minh họa)",
                "level": FairLevel.PROVINCIAL,
                "starts_on": start,
                "ends_on": start + datetime.timedelta(days=4),
                "place": "Quảng trường trung tâm tỉnh (minh họa)",
                "place_unit": phu_tho if start >= datetime.date(2025, 7, 1) else None,
                "description": "Hội chợ giới thiệu sản phẩm OCOP và làng nghề của tỉnh.\n\n"
                "Dữ liệu minh họa, không có thật.",
                "is_public": True,
            },
        )
        entries = [
            (services.participation_add(actor=province_office, fair=fair, product=_product(n)), r)
            for n, *r in PAST_RESULTS
        ]
        services.fair_hold(actor=province_office, fair=fair)
        for entry, (sales, contracts, value) in entries:
            services.participation_record_results(
                actor=province_office,
                participation=entry,
                fields={
                    "sales_vnd": sales,
                    "contracts_signed": contracts,
                    "contracts_value_vnd": value,
                },
            )
        services.fair_report(actor=province_office, fair=fair)
        made += 1
    if not Fair.objects.filter(name=COMING_FAIR).exists():
        start = today + datetime.timedelta(days=25)
        fair = services.fair_create(
            actor=province_office,
            unit=phu_tho,
            fields={
                "name": COMING_FAIR,
                "organiser": "Văn phòng OCOP tỉnh Phú Thọ (minh họa)",
                "level": FairLevel.OTHER,
                "starts_on": start,
                "ends_on": start + datetime.timedelta(days=4),
                "place": "Nhà triển lãm (minh họa)",
                "place_unit": unit(Era.NEW, Level.PROVINCE, "01"),
                "description": "Tuần hàng đưa sản phẩm OCOP của tỉnh tới người tiêu dùng "
                "thủ đô.\n\nDữ liệu minh họa, không có thật.",
                "is_public": True,
            },
        )
        services.fair_open(actor=province_office, fair=fair)
        # the producer registers its own product; the office adds another
        services.participation_add(
            actor=producer_user, fair=fair, product=_product("Rượu men lá Hàng Trạm")
        )
        services.participation_add(
            actor=province_office, fair=fair, product=_product("Cam đường canh Thung Nai")
        )
        made += 1
    return made


def _posts(commune_office: User, province_office: User) -> int:
    commune = unit(Era.OLD, Level.COMMUNE, DEMO_COMMUNE)
    made = 0
    for title, category, summary, body, colour, fate in POSTS:
        if Post.objects.filter(title=title).exists():
            continue
        post = services.post_create(
            actor=commune_office,
            author_unit=commune,
            fields={
                "title": title,
                "summary": summary,
                "body": body,
                "category": category,
                "cover_alt": f"Ảnh bìa minh họa: {title}",
                "products": [_product("Rượu men lá Hàng Trạm")],
                "units": [commune],
            },
            cover=_cover(title, colour),
        )
        if fate in ("submitted", "published"):
            services.post_submit(actor=commune_office, post=post)
        if fate == "published":
            services.post_publish(actor=province_office, post=post)
        made += 1
    return made


@transaction.atomic
def load_outreach(out: list[str]) -> None:
    """Two fairs and three news posts for demo-province, demo-commune and demo-producer."""
    users = {u.username: u for u in User.objects.filter(username__startswith="demo-")}
    today = timezone.localdate()
    fairs = _fairs(users["demo-province"], users["demo-producer"], today)
    posts = _posts(users["demo-commune"], users["demo-province"])
    out.append(f"fairs created: {fairs}; news posts created: {posts}")
