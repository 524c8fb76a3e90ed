"""Permission-matrix cases for the doors a producer keeps its public page with: where to buy
(add, move, hide, remove) and its photos (move, hide, remove)."""

from django.core.files.base import ContentFile

from ocop.registry.models import ProductOutlet, ProductPhoto
from tests.matrix import LOGIN, Case
from tests.registry.factories import PNG

# who may change w.producer's product (can_manage_registry in scope, or the producer)
MANAGE = {"anonymous": LOGIN, "council": 404, "central": 403}
# a POST that is done (or refused with a message) redirects back to the product
MANAGE_POST = {"council": 404, "central": 403}
# the same doors on a product of another province
FOREIGN_POST = {
    **dict.fromkeys(["province", "department", "district", "commune", "producer"], 404),
    "council": 404,
    "central": 403,
}


def extend_world(w):
    w.outlet = ProductOutlet.objects.create(
        product=w.product, kind="shop", name="Cửa hàng đặc sản Phú Lai", address="Chợ Phú Lai"
    )
    w.foreign_outlet = ProductOutlet.objects.create(
        product=w.foreign_product, kind="shop", name="Quầy Hà Nội", address="Phố Hàng Bè"
    )
    w.shown_photo = ProductPhoto(product=w.product, caption="Chai 500 ml")
    w.shown_photo.image.save("chai.png", ContentFile(PNG))
    w.foreign_photo = ProductPhoto(product=w.foreign_product)
    w.foreign_photo.image.save("ha-noi.png", ContentFile(PNG))


def _outlet(attr, action):
    return lambda w: {
        "code": getattr(w, attr).product.public_code,
        "outlet": getattr(w, attr).pk,
        "action": action,
    }


def _photo(attr, action):
    return lambda w: {
        "code": getattr(w, attr).product.public_code,
        "photo": getattr(w, attr).pk,
        "action": action,
    }


OUTLET = {"kind": "marketplace", "name": "Sàn thử", "url": "https://cho.example.vn/ruou"}

CASES = [
    Case("registry:outlet_add", expect=MANAGE, kwargs=lambda w: {"code": w.product.public_code}),
    Case(
        "registry:outlet_add",
        id="registry:outlet_add(post)",
        method="post",
        default=302,
        expect=MANAGE_POST,
        kwargs=lambda w: {"code": w.product.public_code},
        data=lambda w: OUTLET,
    ),
    Case(
        "registry:outlet_add",
        id="registry:outlet_add(post, another province)",
        method="post",
        default=302,
        expect=FOREIGN_POST,
        kwargs=lambda w: {"code": w.foreign_product.public_code},
        data=lambda w: OUTLET,
    ),
    Case(
        "registry:outlet_change",
        method="post",
        default=302,
        expect=MANAGE_POST,
        kwargs=_outlet("outlet", "an"),
    ),
    Case(
        "registry:outlet_change",
        id="registry:outlet_change(remove, another province)",
        method="post",
        default=302,
        expect=FOREIGN_POST,
        kwargs=_outlet("foreign_outlet", "xoa"),
    ),
    Case(
        "registry:outlet_change",
        id="registry:outlet_change(unknown action)",
        method="post",
        default=404,
        expect={"anonymous": LOGIN},
        kwargs=_outlet("outlet", "bay"),
    ),
    Case(
        "registry:product_photo_change",
        method="post",
        default=302,
        expect=MANAGE_POST,
        kwargs=_photo("shown_photo", "an"),
    ),
    Case(
        "registry:product_photo_change",
        id="registry:product_photo_change(remove, another province)",
        method="post",
        default=302,
        expect=FOREIGN_POST,
        kwargs=_photo("foreign_photo", "xoa"),
    ),
]
