from django.core.files.base import ContentFile

from ocop.registry.models import ProductPhoto
from tests.matrix import LOGIN, Case, everyone

PNG = b"\x89PNG\r\n\x1a\n" + b"\x00" * 16


def extend_world(w):
    w.photo = ProductPhoto(product=w.recognised_product, caption="Chai rượu")
    w.photo.image.save("chai.png", ContentFile(PNG))
    w.private_photo = ProductPhoto(product=w.recognised_product, is_public=False)
    w.private_photo.image.save("xuong.png", ContentFile(PNG))
    w.draft_photo = ProductPhoto(product=w.product)
    w.draft_photo.image.save("nhap.png", ContentFile(PNG))


def _photo(attr):
    return lambda w: {"code": getattr(w, attr).product.public_code, "photo": getattr(w, attr).pk}


CASES = [
    Case("portal:home"),
    Case("portal:catalogue"),
    Case("portal:product", kwargs=lambda w: {"code": w.recognised_product.public_code}),
    Case(
        "portal:product",
        id="portal:product(draft is not public)",
        kwargs=lambda w: {"code": w.product.public_code},
        default=404,
    ),
    Case("portal:product_photo", kwargs=_photo("photo")),
    Case(
        "portal:product_photo",
        id="portal:product_photo(private photo)",
        kwargs=_photo("private_photo"),
        expect=everyone(404),
    ),
    Case(
        "portal:product_photo",
        id="portal:product_photo(draft product)",
        kwargs=_photo("draft_photo"),
        expect=everyone(404),
    ),
    Case("portal:dashboard", expect={"anonymous": LOGIN}),
]
