import string

from hypothesis import given
from hypothesis import strategies as st

from ocop.core.codes import HUMAN_ALPHABET, check_char, human_code, is_valid_human_code

LOOKALIKES = set("0O1IL2Z5S8BUV")


def test_human_alphabet_has_no_lookalike_characters():
    assert not LOOKALIKES & set(HUMAN_ALPHABET)


def test_generated_codes_carry_a_valid_check_character():
    for _ in range(200):
        code = human_code(prefix="OCOP")
        assert is_valid_human_code(code, prefix="OCOP"), code
        assert not LOOKALIKES & set(code.removeprefix("OCOP-").replace("-", ""))


body = st.text(alphabet=HUMAN_ALPHABET, min_size=4, max_size=12)


@given(body, st.data())
def test_any_single_substitution_is_detected(b, data):
    full = b + check_char(b)
    i = data.draw(st.integers(0, len(full) - 1))
    other = data.draw(st.sampled_from([c for c in HUMAN_ALPHABET if c != full[i]]))
    typo = full[:i] + other + full[i + 1 :]
    assert not is_valid_human_code(typo)


@given(body, st.data())
def test_any_swap_of_neighbours_is_detected(b, data):
    full = b + check_char(b)
    i = data.draw(st.integers(0, len(full) - 2))
    if full[i] == full[i + 1]:
        return
    swapped = full[:i] + full[i + 1] + full[i] + full[i + 2 :]
    assert not is_valid_human_code(swapped)


def test_codes_are_read_case_insensitively_and_reject_foreign_characters():
    code = human_code(prefix="OCOP")
    assert is_valid_human_code(code.lower(), prefix="OCOP")
    assert not is_valid_human_code("OCOP-" + "0" * 8, prefix="OCOP")
    assert not is_valid_human_code(string.digits, prefix="OCOP")
