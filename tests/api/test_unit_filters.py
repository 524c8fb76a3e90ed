"""The unit filters of the API read keys, codes and names through the one unit resolver."""

import pytest

from ocop.geo.models import UnitAlias
from ocop.geo.names import compact_key


def codes(response, key="code"):
    assert response.status_code == 200, response.content
    return {row[key] for row in response.json()["results"]}


@pytest.mark.parametrize("province", ["17", "Hoà Bình", "tỉnh hòa bình", "old:p:17", "Phú Thọ"])
def test_certificates_filter_by_a_province_code_key_or_name(api_as, api_world, province):
    # "Phú Thọ", the current unit, also covers what was filed under former Hòa Bình
    found = codes(api_as("anonymous").get("/api/v1/certificates/", {"province": province}))
    assert api_world.certificate.code in found
    assert api_world.foreign_certificate.code not in found


def test_a_former_name_finds_the_unit_that_took_it_over(api_as, api_world):
    UnitAlias.objects.create(unit=api_world.units.phu_tho, key=compact_key("Vĩnh Phúc"))
    found = codes(api_as("anonymous").get("/api/v1/certificates/", {"province": "Vĩnh Phúc"}))
    assert api_world.certificate.code in found
    assert api_world.foreign_certificate.code not in found


def test_producers_and_products_filter_by_a_unit_name(api_as, api_world):
    client = api_as("province")
    producers = codes(client.get("/api/v1/producers/", {"unit": "Yên Thủy"}))
    assert producers == {api_world.producer.public_code}
    products = codes(client.get("/api/v1/products/", {"unit": "Phú Lai"}))
    assert api_world.product.public_code in products


@pytest.mark.parametrize(
    ("path", "parameter"),
    [
        ("/api/v1/certificates/", "province"),
        ("/api/v1/producers/", "unit"),
        ("/api/v1/products/", "unit"),
        ("/api/v1/decisions/", "unit"),
    ],
)
def test_an_unknown_unit_is_refused_naming_the_parameter(api_as, api_world, path, parameter):
    response = api_as("province").get(path, {parameter: "Atlantis"})
    assert response.status_code == 400
    assert "Atlantis" in response.json()[parameter][0]
