import base64

import pytest
from cryptography.hazmat.primitives import serialization
from cryptography.hazmat.primitives.asymmetric.ed25519 import Ed25519PrivateKey

from tests.evaluation import factories as ef


@pytest.fixture(autouse=True)
def _signing_key(monkeypatch):
    key = Ed25519PrivateKey.generate().private_bytes(
        serialization.Encoding.Raw, serialization.PrivateFormat.Raw, serialization.NoEncryption()
    )
    monkeypatch.setenv("OCOP_SIGNING_KEY", base64.b64encode(key).decode())


@pytest.fixture
def set14(db):
    return ef.set14()


@pytest.fixture
def spirit(producer, set14):
    from tests import factories as f

    return f.ProductFactory(producer=producer, product_set=set14, name="Rượu đồ Mường Đình")


@pytest.fixture
def ev(units, personas, set14):
    return ef.build_round(units, personas)
