import pytest

from ocop.core.text import fold, nfc


@pytest.mark.parametrize(
    ("raw", "folded"),
    [
        ("Rượu đồ Mường Đình", "ruou do muong dinh"),
        ("  CHÈ   Shan tuyết ", "che shan tuyet"),
        ("Mật ong bạc hà - Hà Giang", "mat ong bac ha ha giang"),
        ("", ""),
        (None, ""),
    ],
)
def test_fold_ignores_diacritics_case_and_punctuation(raw, folded):
    assert fold(raw) == folded


def test_nfc_composes_decomposed_vietnamese():
    decomposed = "Ho\u0300a Bi\u0300nh"
    assert nfc(decomposed) == "Hòa Bình"


def test_strip_control_keeps_tab_and_newline_and_drops_the_rest():
    from ocop.core.text import strip_control

    assert strip_control("a\x00b\x1fc\x7fd\x80e\x9ff\tg\nh\ri") == "abcdef\tg\nhi"
    assert strip_control("Chè Shan tuyết") == "Chè Shan tuyết"
    assert strip_control(None) == ""
