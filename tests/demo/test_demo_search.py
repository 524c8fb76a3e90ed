import pytest
from django.core.management import call_command

from ocop.demo.search import load_search

pytestmark = pytest.mark.django_db


@pytest.fixture
def demo(db):
    call_command("demo-data", "--no-reference", verbosity=0)


def test_the_demo_searches_find_the_rice_spirit_without_accents(demo, client):
    out: list[str] = []
    load_search(out)
    assert "Danh mục" in out[0]
    addresses = [line.split()[0] for line in out[1:]]
    assert len(addresses) == 4  # three searches and a certificate code
    pages = [client.get(address).text for address in addresses]
    assert all('class="product-card"' in page for page in pages)
    assert "Rượu men lá Hàng Trạm" in pages[0] and "Rượu men lá Hàng Trạm" in pages[1]
