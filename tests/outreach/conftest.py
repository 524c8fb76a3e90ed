import pytest

from tests import factories as f


@pytest.fixture
def personas(units, producer):
    return f.build_personas(units, producer)
