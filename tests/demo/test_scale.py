import pytest
from django.core.management import call_command

from ocop.certificates import signing
from ocop.certificates.models import Certificate
from ocop.geo.models import AdminUnit
from ocop.registry.models import Producer, Product
from ocop.registry.validators import is_valid_tax_code

pytestmark = pytest.mark.django_db


def test_generate_scale_creates_synthetic_units_and_records(capsys):
    call_command(
        "generate-scale",
        "--provinces",
        "2",
        "--producers",
        "12",
        "--products",
        "20",
        "--years",
        "3",
    )
    assert "12 producers, 20 products" in capsys.readouterr().out
    assert AdminUnit.objects.filter(era="new", level="province").count() == 2
    assert Producer.objects.filter(recorded_location="scale").count() == 12
    assert Product.objects.filter(recorded_location="scale").count() == 20
    assert all(
        is_valid_tax_code(code) for code in Producer.objects.values_list("tax_code", flat=True)
    )
    recognised = Product.objects.filter(stars__isnull=False).count()
    assert Certificate.objects.count() == recognised
    certificates = Certificate.objects.select_related("product")
    assert {signing.state(c) for c in certificates} == {"verified"}
    assert set(Product.objects.values_list("province_id", flat=True)) <= set(
        AdminUnit.objects.filter(level="province").values_list("pk", flat=True)
    )


def test_generate_scale_is_reproducible_with_a_seed():
    call_command(
        "generate-scale", "--provinces", "1", "--producers", "5", "--products", "5", "--seed", "7"
    )
    first = list(Product.objects.order_by("pk").values_list("status", "stars"))
    Certificate.objects.all().delete()
    Product.objects.all().delete()
    Producer.objects.all().delete()
    call_command(
        "generate-scale", "--provinces", "1", "--producers", "5", "--products", "5", "--seed", "7"
    )
    assert list(Product.objects.order_by("pk").values_list("status", "stars")) == first


def test_existing_provinces_and_communes_are_used(units):
    call_command("generate-scale", "--provinces", "2", "--producers", "4", "--products", "4")
    provinces = set(Producer.objects.values_list("province__name", flat=True))
    assert provinces <= {"Hà Nội", "Phú Thọ"}
