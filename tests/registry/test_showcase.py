"""A product's public face, kept by its producer: where to buy (add, order, hide, remove) and
photo order and visibility, each audited and refused outside the actor's reach."""

import pytest
from django.core.files.base import ContentFile
from django.urls import reverse

from ocop.core.audit import history_for
from ocop.core.exceptions import DomainError, PermissionDeniedError
from ocop.registry import services
from ocop.registry.models import ProductOutlet, ProductPhoto
from tests import factories as f
from tests.registry.factories import PNG

pytestmark = pytest.mark.django_db


def _add(actor, product, name, **fields):
    fields = {"kind": "shop", "name": name, "address": "Chợ huyện", "url": "", **fields}
    return services.outlet_add(actor=actor, product=product, fields=fields)


def _order(product) -> list[str]:
    return list(product.outlets.order_by("position", "id").values_list("name", flat=True))


def test_the_producer_adds_orders_hides_and_removes_places_to_buy(personas, product):
    me = personas.producer
    first = _add(me, product, "Cửa hàng A")
    second = _add(me, product, "Sàn B", kind="marketplace", address="",
                  url="https://san.example.vn/b")  # fmt: skip
    third = _add(me, product, "Hội chợ C", kind="fair")
    services.outlet_move(actor=me, outlet=third, direction="up")
    assert _order(product) == ["Cửa hàng A", "Hội chợ C", "Sàn B"]
    services.outlet_move(actor=me, outlet=first, direction="up")  # already first: no move
    assert _order(product) == ["Cửa hàng A", "Hội chợ C", "Sàn B"]
    services.outlet_hide(actor=me, outlet=second, hidden=True)
    assert ProductOutlet.objects.get(pk=second.pk).is_hidden
    services.outlet_remove(actor=me, outlet=first)
    assert _order(product) == ["Hội chợ C", "Sàn B"]
    actions = set(history_for(product).values_list("action", flat=True))
    assert {
        "registry.product.outlet_added",
        "registry.product.outlet_moved",
        "registry.product.outlet_hidden",
        "registry.product.outlet_removed",
    } <= actions


@pytest.mark.parametrize(
    "url", ["javascript:alert(1)", "ftp://files.example.vn/a", "data:text/html,x", "not a url"]
)
def test_a_web_address_must_be_http_or_https(personas, product, url):
    with pytest.raises(DomainError) as refused:
        _add(personas.producer, product, "Sàn lạ", url=url)
    assert refused.value.field == "url"
    assert not product.outlets.exists()


def test_a_place_needs_an_address_or_a_web_address(personas, product):
    with pytest.raises(DomainError):
        _add(personas.producer, product, "Không địa chỉ", address="")


def test_another_producer_cannot_touch_the_list(personas, product, units):
    outlet = _add(personas.producer, product, "Cửa hàng A")
    stranger = f.UserFactory()
    f.grant(stranger, "producer", producer=f.ProducerFactory(commune=units.phu_lai,
                                                             province=units.hoa_binh))  # fmt: skip
    with pytest.raises(PermissionDeniedError):
        services.outlet_remove(actor=stranger, outlet=outlet)
    with pytest.raises(PermissionDeniedError):
        _add(stranger, product, "Chen ngang")
    assert _order(product) == ["Cửa hàng A"]


def _photo(product, caption, position):
    photo = ProductPhoto(product=product, caption=caption, position=position)
    photo.image.save(f"{caption}.png", ContentFile(PNG))
    return photo


def test_the_producer_orders_hides_and_removes_photos(personas, product):
    me = personas.producer
    a, b = _photo(product, "a", 0), _photo(product, "b", 1)
    services.product_photo_move(actor=me, photo=b, direction="up")
    assert list(product.photos.values_list("caption", flat=True)) == ["b", "a"]
    services.product_photo_publish(actor=me, photo=a, public=False)
    assert not ProductPhoto.objects.get(pk=a.pk).is_public
    services.product_photo_remove(actor=me, photo=b)
    assert list(product.photos.values_list("caption", flat=True)) == ["a"]


def test_the_management_page_drives_the_buttons(client, personas, product):
    client.force_login(personas.producer)
    add = reverse("registry:outlet_add", kwargs={"code": product.public_code})
    response = client.post(add, {"kind": "shop", "name": "Quầy A", "address": "Chợ"})
    assert response.status_code == 302
    client.post(add, {"kind": "marketplace", "name": "Sàn B", "url": "san.example.vn"})
    assert product.outlets.get(name="Sàn B").url == "https://san.example.vn"
    b = product.outlets.get(name="Sàn B")
    client.post(reverse("registry:outlet_change",
                        kwargs={"code": product.public_code, "outlet": b.pk, "action": "up"}))  # fmt: skip
    assert _order(product) == ["Sàn B", "Quầy A"]
    page = client.get(reverse("registry:product_detail", kwargs={"code": product.public_code}))
    assert "Sàn B" in page.text and "noi-ban/them" in page.text
