import pytest
from hypothesis import given
from hypothesis import strategies as st

from ocop.geo.names import name_key, split_prefix


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("TP. Hòa Bình", ("thanh_pho", "Hòa Bình")),
        ("TP Hòa Bình", ("thanh_pho", "Hòa Bình")),
        ("tp.hoa binh", ("thanh_pho", "hoa binh")),
        ("Thành phố Hà Nội", ("thanh_pho", "Hà Nội")),
        ("thanh pho  Ha Noi", ("thanh_pho", "Ha Noi")),
        ("Tỉnh  Hoà Bình ", ("tinh", "Hoà Bình")),
        ("Huyện Lạc Sơn", ("huyen", "Lạc Sơn")),
        ("Thị xã Sơn Tây", ("thi_xa", "Sơn Tây")),
        ("TX. Sơn Tây", ("thi_xa", "Sơn Tây")),
        ("Quận Ba Đình", ("quan", "Ba Đình")),
        ("Q.1", ("quan", "1")),
        ("Q1", ("quan", "1")),
        ("Xã Phú Lai", ("xa", "Phú Lai")),
        ("Phường Phúc Xá", ("phuong", "Phúc Xá")),
        ("P. Phúc Xá", ("phuong", "Phúc Xá")),
        ("P.12", ("phuong", "12")),
        ("Thị trấn Vụ Bản", ("thi_tran", "Vụ Bản")),
        ("TT Vụ Bản", ("thi_tran", "Vụ Bản")),
        ("Đặc khu Côn Đảo", ("dac_khu", "Côn Đảo")),
        ("Phú Lai", (None, "Phú Lai")),
        ("Xã", (None, "Xã")),
        ("Phan Thiết", (None, "Phan Thiết")),
    ],
)
def test_split_prefix_separates_the_administrative_prefix(text, expected):
    assert split_prefix(text) == expected


def test_name_key_ignores_diacritics_case_spaces_and_leading_zeros():
    assert name_key("  Hoà   BÌNH ") == name_key("hòa bình") == "hoa binh"
    assert name_key("Đà Bắc") == "da bac"
    assert name_key("Phường 01") == name_key("phuong 1")
    assert name_key("10") == "10"


@given(
    st.text(
        alphabet="aăâbcdđeêghiklmnoôơpqrstuưvxyàảãáạằẳẵắặầẩẫấậèẻẽéẹìỉĩíịòỏõóọùủũúụỳỷỹýỵ 0123456789"
    )
)
def test_name_key_is_stable_under_case_and_repetition(text):
    key = name_key(text)
    assert name_key(key) == key
    assert name_key(text.upper()) == key
    assert key == key.strip() and "  " not in key


@given(
    st.sampled_from(["Tỉnh", "Thành phố", "TP.", "Huyện", "Thị xã", "Quận", "Xã", "Phường", "TT"]),
    st.sampled_from(["Hòa Bình", "Lạc Sơn", "Yên Thủy", "Đà Bắc", "Mường Khến", "Vụ Bản"]),
)
def test_split_prefix_returns_the_name_after_any_prefix(prefix, name):
    kind, rest = split_prefix(f"{prefix}  {name}")
    assert kind is not None
    assert rest == name
