import itertools

import pytest

from ocop.core.exceptions import TransitionError
from ocop.registry import lifecycle
from ocop.registry.models import DossierStatus, ProductStatus

ALLOWED_PRODUCT = {
    ("draft", "submitted"),
    ("submitted", "under_review"),
    ("submitted", "draft"),
    ("under_review", "recognised"),
    ("under_review", "draft"),
    ("recognised", "expired"),
    ("recognised", "revoked"),
    ("expired", "submitted"),
    ("expired", "revoked"),
}
ALLOWED_DOSSIER = {
    ("draft", "submitted"),
    ("submitted", "forwarded"),
    ("submitted", "returned"),
    ("submitted", "in_evaluation"),
    ("returned", "submitted"),
    ("forwarded", "in_evaluation"),
    ("forwarded", "returned"),
    ("in_evaluation", "closed"),
}


@pytest.mark.parametrize("move", sorted(itertools.product(ProductStatus.values, repeat=2)))
def test_product_moves_follow_the_table(move):
    current, target = move
    if move in ALLOWED_PRODUCT:
        lifecycle.check_product_move(current, target)
    else:
        with pytest.raises(TransitionError):
            lifecycle.check_product_move(current, target)


@pytest.mark.parametrize("move", sorted(itertools.product(DossierStatus.values, repeat=2)))
def test_dossier_moves_follow_the_table(move):
    current, target = move
    if move in ALLOWED_DOSSIER:
        lifecycle.check_dossier_move(current, target)
    else:
        with pytest.raises(TransitionError):
            lifecycle.check_dossier_move(current, target)


def test_revoked_product_is_final():
    assert not lifecycle.PRODUCT_TRANSITIONS[ProductStatus.REVOKED]


def test_a_recognised_product_is_not_sent_back_to_review_for_an_upgrade():
    assert not lifecycle.can_move_product("recognised", "under_review")
