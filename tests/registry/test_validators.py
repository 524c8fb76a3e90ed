import pytest
from django.core.exceptions import ValidationError
from django.core.files.uploadedfile import SimpleUploadedFile
from hypothesis import given
from hypothesis import strategies as st

from ocop.registry import validators as v
from tests.registry.factories import PDF, PNG, office_upload, pdf_upload

digits = st.text(alphabet="0123456789", min_size=1, max_size=1)


def tax_code(first_nine: str) -> str | None:
    check = v.tax_check_digit(first_nine)
    return None if check is None else f"{first_nine}{check}"


@pytest.mark.parametrize("code", ["0100233488", "0314409058", "0314409058-002", "0314409058002"])
def test_published_tax_codes_are_accepted(code):
    assert v.is_valid_tax_code(code)


def test_branch_code_is_normalised_with_a_dash():
    assert v.normalise_tax_code("0314 409 058 002") == "0314409058-002"


@pytest.mark.parametrize(
    "code", ["0100233480", "010023348", "01002334888", "0314409058-000", "0100000001", "abcdefghij"]
)
def test_malformed_or_wrong_check_digit_tax_codes_are_refused(code):
    assert not v.is_valid_tax_code(code)
    with pytest.raises(ValidationError):
        v.validate_tax_code(code)


@given(st.text(alphabet="0123456789", min_size=9, max_size=9))
def test_every_computed_tax_code_validates(first_nine):
    code = tax_code(first_nine)
    if code is None or first_nine[2:] == "0000000":
        return
    assert v.is_valid_tax_code(code)
    assert v.is_valid_tax_code(f"{code}-001")


@given(st.text(alphabet="0123456789", min_size=9, max_size=9), st.integers(0, 9))
def test_a_wrong_check_digit_is_always_refused(first_nine, wrong):
    if wrong == v.tax_check_digit(first_nine):
        return
    assert not v.is_valid_tax_code(f"{first_nine}{wrong}")


@given(st.text(alphabet="0123456789", min_size=9, max_size=9))
def test_a_sum_divisible_by_eleven_has_no_valid_check_digit(first_nine):
    total = sum(w * int(d) for w, d in zip(v.TAX_WEIGHTS, first_nine, strict=True))
    if total % 11:
        return
    assert v.tax_check_digit(first_nine) is None
    assert not any(v.is_valid_tax_code(f"{first_nine}{d}") for d in range(10))


@pytest.mark.parametrize(
    "code", ["4006381333931", "96385074", "036000291452", "10614141000415", "8934588012228"]
)
def test_published_gtins_are_accepted(code):
    assert v.is_valid_gtin(code)


@given(
    st.sampled_from([8, 12, 13, 14]).flatmap(
        lambda n: st.text("0123456789", min_size=n - 1, max_size=n - 1)
    )
)
def test_gtin_with_computed_check_digit_validates(body):
    assert v.is_valid_gtin(body + str(v.gtin_check_digit(body)))


@given(
    st.sampled_from([8, 12, 13, 14]).flatmap(
        lambda n: st.text("0123456789", min_size=n - 1, max_size=n - 1)
    ),
    st.integers(1, 9),
)
def test_gtin_with_any_other_last_digit_is_refused(body, shift):
    wrong = (v.gtin_check_digit(body) + shift) % 10
    assert not v.is_valid_gtin(body + str(wrong))


@given(st.text("0123456789", min_size=12, max_size=12), st.integers(0, 11), st.integers(1, 9))
def test_gtin_catches_every_single_digit_error(body, position, shift):
    code = body + str(v.gtin_check_digit(body))
    digit = (int(code[position]) + shift) % 10
    changed = code[:position] + str(digit) + code[position + 1 :]
    assert not v.is_valid_gtin(changed)


@pytest.mark.parametrize("code", ["123456789", "12345678901", "abcdefgh", ""])
def test_gtin_of_wrong_length_or_letters_is_refused(code):
    assert not v.is_valid_gtin(code)


@pytest.mark.parametrize("phone", ["0912345678", "+84912345678", "0218 3851 234", "091.234.5678"])
def test_vietnamese_phone_numbers_are_accepted(phone):
    v.validate_phone(phone)


@pytest.mark.parametrize("phone", ["12345", "091234567a", "+1 555 123 4567"])
def test_other_phone_numbers_are_refused(phone):
    with pytest.raises(ValidationError):
        v.validate_phone(phone)


def test_household_may_give_a_registration_number_but_a_cooperative_needs_a_tax_code():
    v.validate_producer_code("25A8012345", "household")
    v.validate_producer_code("034198001234", "household")
    with pytest.raises(ValidationError):
        v.validate_producer_code("25A8012345", "cooperative")
    with pytest.raises(ValidationError):
        v.validate_producer_code("#!", "household")


@pytest.mark.parametrize(
    "upload",
    [
        pdf_upload(),
        SimpleUploadedFile("anh.png", PNG),
        SimpleUploadedFile("anh.jpg", b"\xff\xd8\xff\xe0" + b"\x00" * 20),
        SimpleUploadedFile("anh.webp", b"RIFF\x00\x00\x00\x00WEBPVP8 " + b"\x00" * 8),
        office_upload("don.docx", "word"),
        office_upload("bang.xlsx", "xl"),
    ],
    ids=["pdf", "png", "jpg", "webp", "docx", "xlsx"],
)
def test_allowed_uploads_pass(upload):
    assert v.validate_upload(upload)


def _refusal(upload) -> ValidationError:
    with pytest.raises(ValidationError) as refusal:
        v.validate_upload(upload)
    return refusal.value


def test_upload_whose_content_does_not_match_its_extension_is_refused():
    assert _refusal(SimpleUploadedFile("giay.pdf", PNG)).code == "file_content"
    assert _refusal(office_upload("bang.docx", "xl")).code == "file_content"


def test_upload_of_a_disallowed_type_is_refused():
    refusal = _refusal(SimpleUploadedFile("script.exe", b"MZ" + b"\x00" * 10))
    assert refusal.code == "file_type"


def test_upload_above_the_size_limit_is_refused(settings):
    settings.UPLOAD_MAX_BYTES = len(PDF) - 1
    assert _refusal(pdf_upload()).code == "file_too_large"


def test_refusals_are_in_vietnamese_by_default():
    refusal = _refusal(SimpleUploadedFile("giay.pdf", PNG))
    assert "không khớp" in refusal.messages[0]
