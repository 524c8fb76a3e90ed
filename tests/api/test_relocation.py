"""The API's PATCH cannot move a record to another unit; the relocate action can, for an
officer whose scope covers both units."""

from ocop.accounts.models import Role
from ocop.core.models import AuditEvent
from ocop.registry.models import Producer, Product
from tests import factories as f


def test_producer_cannot_move_its_product_to_another_province(api_as, api_world):
    url = f"/api/v1/products/{api_world.product.public_code}/"
    response = api_as("producer").patch(
        url, {"origin_unit": api_world.units.hanoi_commune.key}, format="json"
    )
    assert response.status_code == 400
    assert "origin_unit" in response.json()
    product = Product.objects.get(pk=api_world.product.pk)
    assert (product.origin_unit, product.province) == (
        api_world.units.phu_lai,
        api_world.units.hoa_binh,
    )


def test_patch_refuses_a_new_commune_for_a_producer(api_as, api_world):
    url = f"/api/v1/producers/{api_world.producer.public_code}/"
    response = api_as("province").patch(
        url, {"commune": api_world.units.yen_tri.key}, format="json"
    )
    assert response.status_code == 400
    assert "commune" in response.json()
    assert Producer.objects.get(pk=api_world.producer.pk).commune == api_world.units.phu_lai


def test_relocate_action_is_refused_outside_the_officer_scope(api_as, api_world):
    url = f"/api/v1/products/{api_world.product.public_code}/relocate/"
    body = {"unit": api_world.units.hanoi_commune.key, "reason": "Sai tỉnh"}
    assert api_as("province").post(url, body, format="json").status_code == 403
    assert api_as("producer").post(url, body, format="json").status_code == 403
    assert Product.objects.get(pk=api_world.product.pk).origin_unit == api_world.units.phu_lai


def test_relocate_action_moves_the_product_and_audits(api_as, api_world):
    url = f"/api/v1/products/{api_world.product.public_code}/relocate/"
    body = {"unit": api_world.units.yen_tri.key, "reason": "Nhập sai xã"}
    response = api_as("province").post(url, body, format="json")
    assert response.status_code == 200, response.content
    assert response.json()["origin_unit"] == api_world.units.yen_tri.key
    assert AuditEvent.objects.filter(action="registry.product.relocated").exists()


def test_producer_relocate_action_needs_both_units_in_scope(api_as, api_world):
    url = f"/api/v1/producers/{api_world.producer.public_code}/relocate/"
    body = {"unit": api_world.units.hanoi_commune.key, "reason": "Chuyển trụ sở"}
    assert api_as("province").post(url, body, format="json").status_code == 403
    officer = api_world.personas.province
    f.grant(officer, Role.PROVINCE_OFFICE, unit=api_world.units.hanoi)
    officer._ocop_roles = None
    response = api_as("province").post(url, body, format="json")
    assert response.status_code == 200, response.content
    producer = Producer.objects.get(pk=api_world.producer.pk)
    assert (producer.commune, producer.province) == (
        api_world.units.hanoi_commune,
        api_world.units.hanoi,
    )
