"""Each dashboard queue links to a list showing exactly the records it counts."""

import re

from django.urls import reverse

from ocop.registry.models import DossierKind, DossierStatus
from tests import factories as f
from tests.evaluation import factories as ef

WAITING = [
    (DossierKind.FIRST, DossierStatus.FORWARDED),
    (DossierKind.UPGRADE, DossierStatus.SUBMITTED),
    (DossierKind.REEVALUATION, DossierStatus.SUBMITTED),
]
NOT_WAITING = [(DossierKind.FIRST, DossierStatus.SUBMITTED), (DossierKind.FIRST, "draft")]


def test_the_waiting_for_a_round_link_lists_exactly_the_counted_dossiers(client, units, personas):
    ef.build_round(units, personas)
    for kind, status in WAITING + NOT_WAITING:
        producer = f.ProducerFactory(commune=units.phu_lai, province=units.hoa_binh)
        product = f.ProductFactory(producer=producer, product_set=ef.set14())
        ef.dossier_for(product, kind=kind, status=status)
    client.force_login(personas.province)
    page = client.get(reverse("portal:dashboard")).text
    found = re.search(r'href="([^"]*trang_thai=cho-dot)"[^>]*>.*?<b class="count">(\d+)</b>', page)
    assert found, "the queue links to the dossiers waiting for a round"
    url, count = found.group(1).replace("&amp;", "&"), int(found.group(2))
    listed = client.get(url)
    assert listed.status_code == 200
    assert count == listed.context["page"].paginator.count == len(WAITING)
    assert "Chờ đưa vào đợt đánh giá" in listed.text  # the filter is shown as selected
