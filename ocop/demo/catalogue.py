"""The public face of the demo products: stories, more photos, places to buy, and the rice
spirit cooperative's consent to show its contact on the public pages (as ``demo-producer``
would set them through the registry services). Texts are invented; running it again adds
nothing."""

from __future__ import annotations

from django.core.files.uploadedfile import SimpleUploadedFile
from django.db import transaction

from ocop.registry import services
from ocop.registry.models import Product, ProductStatus

from .files import DEMO_NOTE, demo_png
from .producers import spirit_cooperative

# product name -> (story, [(kind, name, address, url)])
# fmt: off
SHOWCASE = {
    "Rượu men lá Hàng Trạm": (
        "Men lá được làm từ hơn hai mươi loại lá rừng hái quanh bản, phơi trong bóng râm rồi "
        "giã cùng bột gạo. Gạo nếp nương đồ chín, trộn men, ủ trong chum sành bảy ngày trước "
        "khi chưng cất bằng nồi đồng. Mỗi mẻ rượu được các cụ trong bản nếm trước khi đóng chai.",
        [
            ("shop", "Cửa hàng giới thiệu sản phẩm Hàng Trạm", "Khu phố chợ Hàng Trạm (minh họa)", ""),
            ("marketplace", "Gian hàng trên sàn Chợ Quê", "", "https://example.vn/cho-que/ruou-men-la"),
            ("fair", "Phiên chợ OCOP cuối tuần", "Quảng trường huyện Yên Thủy (minh họa)", ""),
        ],
    ),
    "Rượu ngô men lá": (
        "Ngô vàng được trồng trên nương đá, thu vào tháng Chín. Rượu nấu xong được hạ thổ ba "
        "tháng trong chum sành, nên vị êm và thơm mùi ngô rang.",
        [
            ("shop", "Cửa hàng giới thiệu sản phẩm Hàng Trạm", "Khu phố chợ Hàng Trạm (minh họa)", ""),
            ("other", "Đặt hàng qua hợp tác xã", "Gọi điện hoặc nhắn tin cho hợp tác xã (minh họa)", ""),
        ],
    ),
    "Mật ong hoa nhãn Lạc Lương": (
        "Đàn ong được đặt giữa vườn nhãn vào mùa hoa tháng Ba. Mật chỉ được quay khi nắp sáp "
        "đã kín, nên đặc và không cần cô.",
        [
            ("marketplace", "Gian hàng mật ong Lạc Lương", "", "https://example.vn/mat-ong-lac-luong"),
        ],
    ),
}
# fmt: on

EXTRA_PHOTO = (158, 102, 41)


def _upload(product: Product) -> SimpleUploadedFile:
    return SimpleUploadedFile(
        f"{product.public_code}-them.png", demo_png(EXTRA_PHOTO), content_type="image/png"
    )


@transaction.atomic
def load_catalogue(out: list[str], *, admin) -> None:
    """Stories, a second photo and places to buy for the showcased recognised products; the
    cooperative's contact shown with its consent."""
    cooperative = spirit_cooperative()
    if not cooperative.contact_public:
        services.producer_update(
            actor=admin,
            producer=cooperative,
            fields={"contact_public": True, "email": "htx-hangtram@example.vn"},
        )
    added = 0
    products = Product.objects.filter(
        name__in=SHOWCASE, status=ProductStatus.RECOGNISED, recorded_location=""
    )
    for product in products:
        story, outlets = SHOWCASE[product.name]
        if product.outlets.exists():
            continue
        if not product.story:
            services.product_update(
                actor=admin, product=product, fields={"story": f"{story} {DEMO_NOTE}"}
            )
        if product.photos.count() < 2:
            services.product_photo_add(
                actor=admin, product=product, image=_upload(product), caption=product.name
            )
        for kind, name, address, url in outlets:
            services.outlet_add(
                actor=admin,
                product=product,
                fields={"kind": kind, "name": name, "address": address, "url": url},
            )
        added += 1
    out.append(f"demo products with a public page filled in: {added}")
