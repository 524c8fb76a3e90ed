"""Moving a product or a producer to another unit is its own audited action (relocation); the
ordinary update refuses any change of a unit field."""

import pytest
from django.urls import reverse

from ocop.accounts.models import Role
from ocop.core.exceptions import DomainError, PermissionDeniedError
from ocop.core.models import AuditEvent
from ocop.registry import services
from ocop.registry.models import Producer, Product
from tests import factories as f

pytestmark = pytest.mark.django_db


def test_product_update_refuses_a_new_origin_naming_the_field(units, personas, product):
    with pytest.raises(DomainError) as refusal:
        services.product_update(
            actor=personas.producer, product=product, fields={"origin_unit": units.hanoi_commune}
        )
    assert refusal.value.field == "origin_unit"
    product.refresh_from_db()
    assert (product.origin_unit, product.province) == (units.phu_lai, units.hoa_binh)


def test_product_update_accepts_the_unchanged_origin(units, personas, product):
    services.product_update(
        actor=personas.producer,
        product=product,
        fields={"origin_unit": units.phu_lai, "story": "Men lá"},
    )
    product.refresh_from_db()
    assert product.story == "Men lá"


def test_producer_update_refuses_a_new_commune_naming_the_field(units, personas, producer):
    with pytest.raises(DomainError) as refusal:
        services.producer_update(
            actor=personas.province, producer=producer, fields={"commune": units.yen_tri}
        )
    assert refusal.value.field == "commune"
    producer.refresh_from_db()
    assert producer.commune == units.phu_lai


def test_officer_of_one_province_cannot_relocate_into_another(units, personas, product):
    with pytest.raises(PermissionDeniedError):
        services.product_relocate(
            actor=personas.province, product=product, unit=units.hanoi_commune, reason="Sai tỉnh"
        )
    product.refresh_from_db()
    assert product.origin_unit == units.phu_lai
    assert not AuditEvent.objects.filter(action="registry.product.relocated").exists()


def test_producer_user_cannot_relocate_its_own_product(units, personas, product):
    with pytest.raises(PermissionDeniedError):
        services.product_relocate(
            actor=personas.producer, product=product, unit=units.yen_tri, reason="Chuyển xưởng"
        )


def test_officer_covering_both_units_relocates_and_the_audit_records_it(units, personas, product):
    officer = f.UserFactory(username="p-two-provinces")
    f.grant(officer, Role.PROVINCE_OFFICE, unit=units.phu_tho)
    f.grant(officer, Role.PROVINCE_OFFICE, unit=units.hanoi)
    services.product_relocate(
        actor=officer, product=product, unit=units.hanoi_commune, reason="Nhập sai địa bàn"
    )
    product.refresh_from_db()
    assert (product.origin_unit, product.province) == (units.hanoi_commune, units.hanoi)
    event = AuditEvent.objects.get(action="registry.product.relocated")
    assert event.actor == officer and event.note == "Nhập sai địa bàn"
    assert event.old == {"origin_unit_id": units.phu_lai.pk, "province_id": units.hoa_binh.pk}
    assert event.new == {"origin_unit_id": units.hanoi_commune.pk, "province_id": units.hanoi.pk}


def test_relocation_checks_the_record_as_stored_not_as_passed(units, personas, foreign_producer):
    stored = f.ProductFactory(producer=foreign_producer)
    claimed = Product.objects.get(pk=stored.pk)
    claimed.origin_unit, claimed.province = units.phu_lai, units.hoa_binh  # never saved
    with pytest.raises(PermissionDeniedError):
        services.product_relocate(
            actor=personas.province, product=claimed, unit=units.yen_tri, reason="x"
        )
    assert Product.objects.get(pk=stored.pk).origin_unit == units.hanoi_commune


def test_relocation_needs_a_reason(units, personas, product):
    with pytest.raises(DomainError) as refusal:
        services.product_relocate(actor=personas.province, product=product, unit=units.yen_tri)
    assert refusal.value.field == "reason"


def test_district_officer_relocates_a_producer_within_its_district(units, personas, producer):
    services.producer_relocate(
        actor=personas.district, producer=producer, unit=units.yen_tri, reason="Đổi trụ sở"
    )
    producer.refresh_from_db()
    assert (producer.commune, producer.province) == (units.yen_tri, units.hoa_binh)
    event = AuditEvent.objects.get(action="registry.producer.relocated")
    assert event.old == {"commune_id": units.phu_lai.pk}
    assert event.new == {"commune_id": units.yen_tri.pk}
    with pytest.raises(PermissionDeniedError):
        services.producer_relocate(
            actor=personas.district, producer=producer, unit=units.lac_son_commune, reason="x"
        )
    assert Producer.objects.get(pk=producer.pk).commune == units.yen_tri


def test_relocate_button_shows_only_to_officers_who_may(client, units, personas, product):
    url = reverse("registry:product_detail", kwargs={"code": product.public_code})
    relocate = reverse("registry:product_relocate", kwargs={"code": product.public_code})
    client.force_login(personas.province)
    assert relocate in client.get(url).text
    client.force_login(personas.producer)
    assert relocate not in client.get(url).text
    assert client.get(relocate).status_code == 403


def test_edit_page_keeps_the_origin_whatever_is_posted(client, units, personas, product):
    client.force_login(personas.producer)
    url = reverse("registry:product_edit", kwargs={"code": product.public_code})
    response = client.post(
        url,
        {
            "name": product.name,
            "origin_unit": units.hanoi_commune.pk,
            "product_set": product.product_set.pk,
            "story": "Men lá",
        },
    )
    assert response.status_code == 302
    product.refresh_from_db()
    assert (product.story, product.origin_unit) == ("Men lá", units.phu_lai)


def test_relocate_page_moves_the_producer(client, units, personas, producer):
    """Today's move goes to a commune in force today (no pre-2025 commune is offered)."""
    client.force_login(personas.province)
    url = reverse("registry:producer_relocate", kwargs={"code": producer.public_code})
    response = client.post(url, {"unit": units.new_commune.pk, "reason": "Đổi trụ sở"})
    assert response.status_code == 302
    producer.refresh_from_db()
    assert producer.commune == units.new_commune


def test_a_tax_code_is_registered_once_across_the_country(units, personas, foreign_producer):
    """A second producer with a tax code already on record is refused: inside the officer's
    area it names the holder; in another province it is a clash, reported to that province."""
    from ocop.registry import services
    from ocop.registry.taxcodes import TaxCodeClash
    from ocop.registry.validators import tax_check_digit

    def valid(body: str) -> str:
        return body + str(tax_check_digit(body))

    foreign_producer.tax_code = valid("010012345")
    foreign_producer.save(update_fields=["tax_code"])
    fields = {"name": "HTX Trùng Mã", "legal_form": "cooperative", "commune": units.phu_lai}
    with pytest.raises(TaxCodeClash):
        services.producer_create(
            actor=personas.province, fields={**fields, "tax_code": foreign_producer.tax_code}
        )
    assert AuditEvent.objects.filter(
        action="registry.producer.tax_code_clash", object_id=str(foreign_producer.pk)
    ).exists()
    ours = valid("540012345")
    services.producer_create(actor=personas.province, fields={**fields, "tax_code": ours})
    with pytest.raises(DomainError, match="already registered"):
        services.producer_create(
            actor=personas.province, fields={**fields, "name": "HTX Hai", "tax_code": ours}
        )
