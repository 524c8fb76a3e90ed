"""Password rules: at least 10 characters, no common password (Vietnamese habits included),
nothing that spells the user's name or the name of the user's unit."""

import pytest
from django.contrib.auth.password_validation import validate_password
from django.core.exceptions import ValidationError

from ocop.accounts.models import Role
from tests import factories as f


def _refused(password, user=None) -> set[str]:
    try:
        validate_password(password, user)
    except ValidationError as error:
        return {e.code for e in error.error_list}
    return set()


@pytest.mark.parametrize(
    "password",
    ["matkhau123", "ocop2026", "Ocop@123", "12345678910", "Matkhau@2026!", "Password123!"],
)
def test_common_passwords_are_refused(db, password):
    assert "password_too_common" in _refused(password)


def test_django_common_list_is_checked_too(db):
    assert "password_too_common" in _refused("iloveyou12")
    assert "password_too_common" in _refused("qwertyuiop")


def test_short_passwords_are_refused(db):
    assert "password_too_short" in _refused("Xq7#vLp2w")  # nine characters


def test_a_good_password_passes(db):
    assert _refused("ruou-nep-cam-Lac-Son-7x") == set()
    assert _refused("Nước mắm nhĩ cá cơm 1963") == set()


def test_a_password_like_the_username_or_name_is_refused(db):
    user = f.UserFactory(username="nguyenvanbinh", full_name="Nguyễn Văn Bình")
    assert "password_too_similar" in _refused("nguyenvanbinh1", user)


def test_a_password_naming_the_users_unit_is_refused(units):
    user = f.UserFactory(username="officer-pt")
    f.grant(user, Role.COMMUNE_OFFICER, unit=units.phu_lai)
    assert "password_too_similar_to_unit" in _refused("PhuLai@2026-tuyet", user)
    # a parent unit counts too (Yên Thủy district, Hòa Bình province)
    assert "password_too_similar_to_unit" in _refused("yen-thuy-1975-xuan", user)
    assert "password_too_similar_to_unit" in _refused("HoaBinh!!2026x", user)
    assert _refused("HoaBinh!!2026x", f.UserFactory(username="someone-else")) == set()


def test_the_admin_password_form_applies_the_rules(db):
    from django.contrib.auth.forms import AdminPasswordChangeForm

    user = f.UserFactory(username="someone")
    form = AdminPasswordChangeForm(user, {"password1": "matkhau123", "password2": "matkhau123"})
    assert not form.is_valid()


def test_demo_passwords_are_set_directly_and_still_log_in(client, db):
    """Validators guard forms; fixtures and the demo data set passwords with set_password."""
    user = f.UserFactory(username="demo-like")
    user.set_password("ocop-demo")
    user.save()
    assert client.login(username="demo-like", password="ocop-demo")
