"""Synthetic national-scale data for benchmarks and scale tests (``ocop generate-scale``).

Everything is invented and marked: producer names start with "Chủ thể mô phỏng" and every record
carries ``recorded_location="scale"``. Rows are written with ``bulk_create`` in batches, so
12,000 producers and 20,000 products take seconds, not hours. Uses the 2025 provinces and
communes when they are loaded (``ocop geo load``), else creates synthetic ones. Certificates
are bulk-written too, each sealed with ``ocop.certificates.signing.seal`` like an issued one.
"""

from __future__ import annotations

import datetime
import random
import time
from dataclasses import dataclass

from django.db import transaction
from django.utils import timezone

from ocop.certificates.catalogue_index import catalogue_refresh
from ocop.certificates.models import Certificate, DecisionLevel, RecognitionDecision, Source
from ocop.certificates.signing import seal
from ocop.core.codes import new_public_code
from ocop.core.text import fold
from ocop.core.versions import version_bump
from ocop.criteria.models import ProductSet
from ocop.geo.models import AdminUnit, Era, Level
from ocop.geo.services import unit_add
from ocop.registry.models import LegalForm, Producer, Product, ProductStatus
from ocop.registry.validators import tax_check_digit
from ocop.reports.import_insert import unique_keys

MARK = "scale"
BATCH = 2000
COMMUNES_PER_SYNTHETIC_PROVINCE = 20
WORDS = ["Rượu", "Chè", "Mật ong", "Gạo", "Cam", "Bưởi", "Miến", "Nấm", "Thổ cẩm", "Mây tre"]
PLACES = ["Núi", "Suối", "Bản", "Đồi", "Thung", "Làng", "Bến", "Ruộng"]


@dataclass
class Summary:
    provinces: int = 0
    producers: int = 0
    products: int = 0
    certificates: int = 0
    seconds: float = 0.0

    def __str__(self) -> str:
        return (
            f"{self.provinces} provinces, {self.producers} producers, {self.products} products, "
            f"{self.certificates} certificates in {self.seconds:.1f} s"
        )


def _units(count: int, rng: random.Random) -> list[tuple[AdminUnit, list[AdminUnit]]]:
    provinces = list(
        AdminUnit.objects.filter(era=Era.NEW, level=Level.PROVINCE).order_by("code")[:count]
    )
    out = []
    for province in provinces:
        communes = list(province.children.filter(level=Level.COMMUNE).order_by("code"))
        if communes:
            out.append((province, communes))
    for index in range(len(out), count):
        code = f"S{index + 1:02d}"
        province = AdminUnit.objects.filter(era=Era.NEW, level=Level.PROVINCE, code=code).first()
        if province is None:
            province = unit_add(
                era=Era.NEW,
                level=Level.PROVINCE,
                code=code,
                name=f"Tỉnh mô phỏng {index + 1:02d}",
                unit_type="tinh",
            )
        communes = list(province.children.order_by("code"))
        for n in range(len(communes), COMMUNES_PER_SYNTHETIC_PROVINCE):
            communes.append(
                unit_add(
                    era=Era.NEW,
                    level=Level.COMMUNE,
                    code=f"{code}{n:03d}",
                    name=f"Xã mô phỏng {index + 1:02d}-{n:03d}",
                    unit_type="xa",
                    parent=province,
                )
            )
        out.append((province, communes))
    return out


def _tax_code(rng: random.Random) -> str:
    while True:
        body = f"{rng.randint(1, 99):02d}{rng.randint(1, 9_999_999):07d}"
        check = tax_check_digit(body)
        if check is not None:
            return f"{body}{check}"


def _decisions(units, years: int, today: datetime.date):
    decisions = {}
    for province, _communes in units:
        for year in range(today.year - years + 1, today.year + 1):
            decision, _ = RecognitionDecision.objects.get_or_create(
                number=f"MP-{province.code}-{year}",
                year=year,
                unit=province,
                defaults={
                    "decided_on": datetime.date(year, 6, 20),
                    "level": DecisionLevel.PROVINCE,
                    "round_label": "Dữ liệu mô phỏng",
                    "source": Source.IMPORTED,
                },
            )
            decisions[(province.pk, year)] = decision
    return decisions


@transaction.atomic
def generate_scale(
    *, provinces: int, producers: int, products: int, years: int, seed: int
) -> Summary:
    started = time.monotonic()
    rng = random.Random(seed)
    today = timezone.localdate()
    units = _units(provinces, rng)
    sets = list(ProductSet.objects.filter(criteria_set__effective_to__isnull=True).order_by("pk"))
    forms = [choice for choice, _label in LegalForm.choices]

    producer_rows = []
    for n in range(producers):
        province, communes = units[n % len(units)]
        name = f"Chủ thể mô phỏng {n + 1:05d} {rng.choice(PLACES)} {rng.choice(WORDS)}"
        producer_rows.append(
            Producer(
                public_code=new_public_code(),
                legal_form=rng.choice(forms),
                name=name,
                name_folded=fold(name),
                tax_code=_tax_code(rng),
                commune=rng.choice(communes),
                province=province,
                representative_gender=rng.choice(["female", "male"]),
                recorded_location=MARK,
            )
        )
    created = []
    for start in range(0, len(producer_rows), BATCH):
        created += Producer.objects.bulk_create(producer_rows[start : start + BATCH])

    statuses = [
        (ProductStatus.RECOGNISED, 0.55),
        (ProductStatus.EXPIRED, 0.1),
        (ProductStatus.DRAFT, 0.2),
        (ProductStatus.SUBMITTED, 0.1),
        (ProductStatus.UNDER_REVIEW, 0.05),
    ]
    product_rows = []
    for n in range(products):
        producer = created[n % len(created)] if n < len(created) else rng.choice(created)
        status = rng.choices([s for s, _w in statuses], [w for _s, w in statuses])[0]
        name = f"{rng.choice(WORDS)} {rng.choice(PLACES)} mô phỏng {n + 1:05d}"
        recognised = status in (ProductStatus.RECOGNISED, ProductStatus.EXPIRED)
        product_rows.append(
            Product(
                public_code=new_public_code(),
                producer=producer,
                name=name,
                name_folded=fold(name),
                origin_unit=producer.commune,
                province=producer.province,
                product_set=rng.choice(sets) if sets else None,
                status=status,
                stars=rng.choices([3, 4, 5], [70, 27, 3])[0] if recognised else None,
                recorded_location=MARK,
            )
        )
    made = []
    for start in range(0, len(product_rows), BATCH):
        made += Product.objects.bulk_create(product_rows[start : start + BATCH])

    decisions = _decisions(units, years, today)
    certificates = []
    for product in made:
        if product.stars is None:
            continue
        year = rng.randint(today.year - years + 1, today.year)
        decision = decisions[(product.province_id, year)]
        issued = decision.decided_on
        expires = issued.replace(year=issued.year + 3)
        if product.status == ProductStatus.EXPIRED:
            issued = issued.replace(year=issued.year - 3)
            expires = issued.replace(year=issued.year + 3)
        certificates.append(
            Certificate(
                product=product,
                producer=product.producer,
                decision=decision,
                stars=product.stars,
                issued_on=issued,
                expires_on=expires,
            )
        )
    # random codes drawn again where they repeat (23^7 bodies: a clash among 20,000 is likely)
    unique_keys(Certificate, certificates, "code")
    # written in bulk for speed, but sealed (facts frozen and signed) as certificate_issue does
    for cert in certificates:
        seal(cert, save=False)
    for start in range(0, len(certificates), BATCH):
        Certificate.objects.bulk_create(certificates[start : start + BATCH])
    version_bump()  # written in bulk, past the model signals
    catalogue_refresh(product_ids={cert.product_id for cert in certificates})
    return Summary(
        provinces=len(units),
        producers=len(created),
        products=len(made),
        certificates=len(certificates),
        seconds=time.monotonic() - started,
    )
