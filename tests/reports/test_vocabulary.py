"""Producer types, product groups and stars as published lists write them."""

import pytest

from ocop.registry.models import LegalForm
from ocop.reports.vocabulary import legal_form_from, product_group_from, stars_from


@pytest.mark.parametrize(
    ("written", "form"),
    [
        ("Doanh nghiệp", LegalForm.ENTERPRISE),
        ("Công ty TNHH", LegalForm.ENTERPRISE),
        ("CTCP", LegalForm.ENTERPRISE),
        ("Enterprise", LegalForm.ENTERPRISE),
        ("Company", LegalForm.ENTERPRISE),
        ("Hợp tác xã", LegalForm.COOPERATIVE),
        ("HTX", LegalForm.COOPERATIVE),
        ("Cooperative", LegalForm.COOPERATIVE),
        ("Tổ hợp tác", LegalForm.COOPERATIVE_GROUP),
        ("Cooperative group", LegalForm.COOPERATIVE_GROUP),
        ("cooperative_group", LegalForm.COOPERATIVE_GROUP),
        ("Hộ kinh doanh", LegalForm.HOUSEHOLD),
        ("Hộ sản xuất", LegalForm.HOUSEHOLD),
        ("Household business", LegalForm.HOUSEHOLD),
        ("Cơ sở sản xuất", LegalForm.HOUSEHOLD),
        ("Establishment", LegalForm.HOUSEHOLD),
        ("Trang trại", LegalForm.FARM),
        ("Farm", LegalForm.FARM),
    ],
)
def test_producer_types_as_lists_write_them(written, form):
    assert legal_form_from(written, "") == form


def test_an_unknown_producer_type_is_none_and_an_empty_one_is_guessed_from_the_name():
    assert legal_form_from("Bộ Quốc phòng", "") is None
    assert legal_form_from("", "HTX Nông nghiệp Đồi Mây") == LegalForm.COOPERATIVE
    assert legal_form_from("", "Nguyễn Văn A") == LegalForm.HOUSEHOLD


@pytest.mark.parametrize(
    ("written", "stars"),
    [
        ("3", 3),
        ("3 sao", 3),
        ("4 Sao OCOP", 4),
        ("3*", 3),
        ("5 *", 5),
        ("★★★", 3),
        ("★ ★ ★ ★", 4),
        ("⭐⭐⭐⭐⭐", 5),
        ("***", 3),
        ("4 stars", 4),
        ("Ba sao", 3),
        ("five stars", 5),
        ("", None),
        ("nhiều sao", None),
    ],
)
def test_stars_as_lists_write_them(written, stars):
    assert stars_from(written) == stars


@pytest.mark.parametrize(
    ("written", "group"),
    [
        ("Food", "Thực phẩm"),
        ("Nhóm Thực phẩm", "Thực phẩm"),
        ("NGÀNH ĐỒ UỐNG", "Đồ uống"),
        ("Beverages", "Đồ uống"),
        ("Handicrafts", "Hàng thủ công mỹ nghệ"),
        ("Lưu niệm - Nội thất - Trang trí", "Lưu niệm - nội thất - trang trí"),
        ("11", "11"),
        ("Rượu trắng", "Rượu trắng"),
    ],
)
def test_product_groups_as_lists_write_them(written, group):
    assert product_group_from(written) == group
