from urllib.parse import urlsplit

import pytest
from django.core.management import call_command

from ocop.demo.verify import load_verify


@pytest.fixture
def demo(db):
    call_command("demo-data", "--no-reference", verbosity=0)


def test_the_demo_names_a_genuine_and_an_altered_address_that_the_page_tells_apart(demo, client):
    out: list[str] = []
    load_verify(out)
    lines = out[0].splitlines()
    genuine = lines[1].split(": ", 1)[1]
    bad = lines[2].split(": ", 1)[1]
    for address, status in ((genuine, "valid"), (bad, "not_genuine")):
        parts = urlsplit(address)
        assert client.get(f"{parts.path}?{parts.query}").context["status"] == status
