from urllib.parse import urlencode

import pytest
from django.conf import settings
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse

from tests import factories as f

from .test_self_assess import answers_for

pytestmark = pytest.mark.django_db

SET_26 = "QD-26-2026-TTg"


def assess_url(number=14):
    return reverse("criteria:self_assess", kwargs={"code": SET_26, "number": number})


def as_query(sheet, answers: dict) -> dict:
    """Form data choosing, for each criterion, the option worth the given points."""
    query = {}
    for crit in sheet.criteria:
        points = answers.get(crit.code)
        if points is None:
            continue
        match = [o.index for o in crit.options if o.points == points]
        query[f"c{crit.code}"] = str(match[0]) if match else "none"
    return query


def test_criteria_sets_page_is_vietnamese_by_default(client):
    response = client.get(reverse("criteria:index"))
    text = response.content.decode()
    assert "Các bộ tiêu chí OCOP" in text
    assert "Đang có hiệu lực" in text
    assert "QD-148-2023-TTg" in text and "Đã được thay thế" in text


def test_criteria_sets_page_in_english(client):
    client.cookies[settings.LANGUAGE_COOKIE_NAME] = "en"
    text = client.get(reverse("criteria:index")).content.decode()
    assert "OCOP criteria sets" in text and "In force" in text


def test_product_sets_page_lists_the_26_sets_with_their_ministry(client):
    response = client.get(reverse("criteria:criteria_set", kwargs={"code": SET_26}))
    text = response.content.decode()
    assert len(response.context["product_sets"]) == 26
    assert "Rượu trắng" in text and "Bộ Công Thương" in text
    assert reverse("criteria:sheet", kwargs={"code": SET_26, "number": 26}) in text


def test_sheet_page_shows_options_star_marks_and_eliminations(client):
    url = reverse("criteria:sheet", kwargs={"code": SET_26, "number": 14})
    text = client.get(url).content.decode()
    assert "Liên kết chuỗi trong sản xuất" in text
    assert "★★★★★" in text
    assert "Toàn bộ nguyên liệu nhập khẩu hoặc không rõ nguồn gốc" in text
    assert "Cần đối chiếu lại với văn bản chính thức: criterion 2.4." in text


def test_sheet_labels_follow_the_active_language(client):
    client.cookies[settings.LANGUAGE_COOKIE_NAME] = "en"
    text = client.get(assess_url()).content.decode()
    assert "Value-chain linkage contracts" in text
    assert "Liên kết chuỗi trong sản xuất" not in text


def test_chooser_lists_the_sheets_of_the_set_in_force(client):
    response = client.get(reverse("criteria:self_assess_choose"))
    assert response.context["criteria_set"].code == SET_26
    assert len(response.context["product_sets"]) == 26
    assert assess_url(11) in response.content.decode()


def test_empty_form_asks_for_answers(client):
    response = client.get(assess_url())
    assert response.context["result"] is None
    assert 'name="c1.4"' in response.content.decode()


@pytest.mark.parametrize(("total", "stars"), [(49, 2), (50, 3), (89, 4), (90, 5)])
def test_form_shows_total_and_stars(client, criteria_set_26, total, stars):
    sheet = criteria_set_26.sheet(14)
    response = client.get(assess_url(), as_query(sheet, answers_for(sheet, total, max(stars, 3))))
    result = response.context["result"]
    assert (result.total, result.stars.stars) == (total, stars)
    assert f'<strong id="total">{total}</strong>' in response.content.decode()


def test_form_lists_missed_minimums(client, criteria_set_26):
    sheet = criteria_set_26.sheet(14)
    query = as_query(sheet, answers_for(sheet, 50, 3, fixed={"2.2": 1}))
    response = client.get(assess_url(), query)
    assert response.context["result"].stars.stars == 2
    assert "2.2" in response.content.decode().split('id="missed"')[1]


def test_htmx_request_gets_only_the_result_panel(client, criteria_set_26):
    sheet = criteria_set_26.sheet(11)
    query = as_query(sheet, answers_for(sheet, 70, 4))
    response = client.get(assess_url(11), query, HTTP_HX_REQUEST="true")
    text = response.content.decode()
    assert "<html" not in text and '<strong id="total">70</strong>' in text


def test_criteria_that_need_an_answer_are_named_until_answered(client):
    response = client.get(assess_url(), {"c1.4": "2"})
    assert response.context["result"] is None
    assert response.context["missing"] == ["1.1", "3.1"]
    assert response.context["so_far"]["A"] == 2


def test_an_option_that_does_not_exist_is_an_error_not_a_result(client):
    response = client.get(assess_url(), {"c1.1": "9", "c3.1": "0"})
    assert response.status_code == 200
    assert response.context["result"] is None
    assert response.context["form"].errors["c1.1"]


def test_form_on_a_set_without_sheets_is_404(client):
    url = reverse("criteria:self_assess", kwargs={"code": "QD-148-2023-TTg", "number": 1})
    assert client.get(url).status_code == 404


def _queries(client, url) -> int:
    with CaptureQueriesContext(connection) as ctx:
        assert client.get(url).status_code == 200
    return len(ctx.captured_queries)


def test_criteria_sets_page_costs_the_same_queries_for_3_and_30_rows(client):
    counts = []
    for start, end in ((0, 3), (3, 30)):
        for i in range(start, end):
            f.CriteriaSetFactory(code=f"TEST-{i}")
        counts.append(_queries(client, reverse("criteria:index")))
    assert counts[0] == counts[1] <= 2


def test_product_sets_page_costs_the_same_queries_for_3_and_30_rows(client):
    cset = f.CriteriaSetFactory(code="TEST-ROWS")
    url = reverse("criteria:criteria_set", kwargs={"code": cset.code})
    counts = []
    for start, end in ((1, 4), (4, 31)):
        for number in range(start, end):
            f.ProductSetFactory(criteria_set=cset, number=number, slug=f"set-{number}")
        counts.append(_queries(client, url))
    assert counts[0] == counts[1] <= 2


def test_sheet_and_form_pages_cost_a_fixed_number_of_queries(client, criteria_set_26):
    sheet = criteria_set_26.sheet(14)
    answered = assess_url() + "?" + urlencode(as_query(sheet, answers_for(sheet, 70, 4)))
    assert _queries(client, reverse("criteria:sheet", kwargs={"code": SET_26, "number": 14})) == 1
    assert _queries(client, answered) == 1
    assert _queries(client, reverse("criteria:self_assess_choose")) <= 2


def test_form_is_vietnamese_by_default_and_updates_through_htmx(client):
    text = client.get(assess_url()).content.decode()
    assert "Tự đánh giá: bộ sản phẩm 14, Rượu trắng" in text
    assert "(4 điểm)" in text
    assert 'hx-get="' + assess_url() + '"' in text and 'hx-target="#result"' in text
