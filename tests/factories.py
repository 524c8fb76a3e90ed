"""factory_boy factories shared by all test modules."""

from __future__ import annotations

import datetime
from types import SimpleNamespace

import factory
from factory.django import DjangoModelFactory

from ocop.accounts.models import Role, RoleAssignment, User
from ocop.core.text import fold
from ocop.criteria.models import CriteriaSet, ProductSet
from ocop.geo.models import Era, Level
from ocop.geo.services import unit_add
from ocop.registry.models import LegalForm, Producer, Product

PASSWORD = "ocop-test-password"


def build_unit_tree() -> SimpleNamespace:
    t = SimpleNamespace()
    t.phu_tho = unit_add(
        era=Era.NEW, level=Level.PROVINCE, code="25", name="Phú Thọ", unit_type="tinh"
    )
    t.new_commune = unit_add(
        era=Era.NEW,
        level=Level.COMMUNE,
        code="26900",
        name="Yên Trị",
        unit_type="xa",
        parent=t.phu_tho,
    )
    t.new_commune_2 = unit_add(
        era=Era.NEW,
        level=Level.COMMUNE,
        code="26901",
        name="Lạc Sơn",
        unit_type="xa",
        parent=t.phu_tho,
    )
    t.hanoi = unit_add(
        era=Era.NEW, level=Level.PROVINCE, code="01", name="Hà Nội", unit_type="thanh_pho_tw"
    )
    t.hanoi_commune = unit_add(
        era=Era.NEW,
        level=Level.COMMUNE,
        code="00004",
        name="Ba Đình",
        unit_type="phuong",
        parent=t.hanoi,
    )
    t.hoa_binh = unit_add(
        era=Era.OLD,
        level=Level.PROVINCE,
        code="17",
        name="Hòa Bình",
        unit_type="tinh",
        current=t.phu_tho,
    )
    t.yen_thuy = unit_add(
        era=Era.OLD,
        level=Level.DISTRICT,
        code="159",
        name="Yên Thủy",
        unit_type="huyen",
        parent=t.hoa_binh,
        current=t.phu_tho,
    )
    t.lac_son = unit_add(
        era=Era.OLD,
        level=Level.DISTRICT,
        code="157",
        name="Lạc Sơn",
        unit_type="huyen",
        parent=t.hoa_binh,
        current=t.phu_tho,
    )
    t.phu_lai = unit_add(
        era=Era.OLD,
        level=Level.COMMUNE,
        code="05032",
        name="Phú Lai",
        unit_type="xa",
        parent=t.yen_thuy,
        current=t.new_commune,
    )
    t.yen_tri = unit_add(
        era=Era.OLD,
        level=Level.COMMUNE,
        code="05035",
        name="Yên Trị",
        unit_type="xa",
        parent=t.yen_thuy,
        current=t.new_commune,
    )
    t.lac_son_commune = unit_add(
        era=Era.OLD,
        level=Level.COMMUNE,
        code="04960",
        name="Vụ Bản",
        unit_type="thi_tran",
        parent=t.lac_son,
        current=t.new_commune_2,
    )
    return t


class CriteriaSetFactory(DjangoModelFactory):
    class Meta:
        model = CriteriaSet
        django_get_or_create = ("code",)

    code = "TEST-CRITERIA"
    title_vi = "Bộ tiêu chí thử nghiệm"
    issued_on = datetime.date(2026, 5, 22)
    effective_from = datetime.date(2026, 5, 22)
    parts = factory.LazyFunction(
        lambda: [
            {"code": "A", "max_points": 40},
            {"code": "B", "max_points": 25},
            {"code": "C", "max_points": 35},
        ]
    )
    bands = factory.LazyFunction(
        lambda: [
            {"stars": 5, "min": 90, "max": 100, "max_inclusive": True},
            {"stars": 4, "min": 70, "max": 90},
            {"stars": 3, "min": 50, "max": 70},
            {"stars": 2, "min": 30, "max": 50},
            {"stars": 1, "min": 0, "max": 30},
        ]
    )


class ProductSetFactory(DjangoModelFactory):
    class Meta:
        model = ProductSet
        django_get_or_create = ("criteria_set", "number")

    criteria_set = factory.SubFactory(CriteriaSetFactory)
    number = 14
    slug = "ruou-trang"
    name_vi = "Rượu trắng"
    name_en = "White spirit"
    name_folded = factory.LazyAttribute(lambda o: fold(o.name_vi))


class ProducerFactory(DjangoModelFactory):
    class Meta:
        model = Producer

    legal_form = LegalForm.COOPERATIVE
    name = factory.Sequence(lambda n: f"Hợp tác xã Thử Nghiệm {n}")
    name_folded = factory.LazyAttribute(lambda o: fold(o.name))
    tax_code = factory.Sequence(lambda n: f"54{n:08d}")
    representative_name = "Bùi Thị Hoa"
    representative_gender = "female"
    representative_ethnicity = "Mường"


class ProductFactory(DjangoModelFactory):
    class Meta:
        model = Product

    producer = factory.SubFactory(ProducerFactory)
    name = factory.Sequence(lambda n: f"Rượu thử nghiệm {n}")
    name_folded = factory.LazyAttribute(lambda o: fold(o.name))
    origin_unit = factory.LazyAttribute(lambda o: o.producer.commune if o.producer else None)
    province = factory.LazyAttribute(lambda o: o.producer.province)


class UserFactory(DjangoModelFactory):
    class Meta:
        model = User
        django_get_or_create = ("username",)
        skip_postgeneration_save = True

    username = factory.Sequence(lambda n: f"user{n}")
    password = factory.PostGenerationMethodCall("set_password", PASSWORD)

    @factory.post_generation
    def _save(obj, create, extracted, **kwargs):
        if create:
            obj.save()


def grant(user, role, **kwargs) -> RoleAssignment:
    return RoleAssignment.objects.create(user=user, role=role, **kwargs)


def build_personas(units, producer) -> SimpleNamespace:
    p = SimpleNamespace()
    p.admin = UserFactory(username="p-admin", is_superuser=True, is_staff=True)
    p.central = UserFactory(username="p-central")
    grant(p.central, Role.CENTRAL_OFFICE)
    p.province = UserFactory(username="p-province")
    grant(p.province, Role.PROVINCE_OFFICE, unit=units.phu_tho)
    p.department = UserFactory(username="p-department")
    grant(
        p.department,
        Role.DEPARTMENT,
        unit=units.phu_tho,
        department="Sở Công Thương",
        product_sets=[14, 15],
    )
    p.district = UserFactory(username="p-district")
    grant(p.district, Role.DISTRICT_OFFICER, unit=units.yen_thuy)
    p.commune = UserFactory(username="p-commune")
    grant(p.commune, Role.COMMUNE_OFFICER, unit=units.phu_lai)
    p.council = UserFactory(username="p-council")
    grant(p.council, Role.COUNCIL_MEMBER, unit=units.phu_tho)
    p.producer = UserFactory(username="p-producer")
    grant(p.producer, Role.PRODUCER, producer=producer)
    p.anonymous = None
    return p


PERSONA_NAMES = [
    "anonymous",
    "admin",
    "central",
    "province",
    "department",
    "district",
    "commune",
    "council",
    "producer",
]
