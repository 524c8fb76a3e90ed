"""A certificate code drawn again when it repeats one already held."""

import pytest

from ocop.certificates import models
from ocop.core.codes import is_valid_human_code
from tests.reports.factories import CertificateFactory

pytestmark = pytest.mark.django_db


def test_a_code_already_held_is_drawn_again(monkeypatch, product):
    held = CertificateFactory(product=product, decision__unit=product.province).code
    draws = iter([held, held, "OCOP-NEW"])
    monkeypatch.setattr(models, "new_certificate_code", lambda: next(draws))
    assert models.unused_certificate_code() == "OCOP-NEW"


def test_a_fresh_code_is_a_valid_printed_code():
    assert is_valid_human_code(models.unused_certificate_code(), prefix="OCOP")
