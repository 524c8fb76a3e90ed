from __future__ import annotations

from decimal import Decimal

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from ocop.criteria import i18n, scoring
from ocop.criteria.scoring import (
    AnswerError,
    points_from_options,
    score_answers,
    score_options,
)
from ocop.criteria.sheet import load_criteria_set
from ocop.criteria.stars import Minimum, star_rank

from .conftest import best_answers

D = Decimal

# A plausible distilled rice spirit, scored by hand against sheet 14 of Decision 26/2026.
SET_14_ANSWERS = {
    # A1 production organisation: 4 + 2 + 2 + 1 + 1 + 1 = 11
    "1.1": 4, "1.2": 2, "1.3": 2, "1.4": 1, "1.5": 1, "1.6": 1,
    # A2 product development: 2 + 2 + 1 + 0 = 5
    "2.1": 2, "2.2": 2, "2.3": 1, "2.4": 0,
    # A3 community strength: 3 + 1 + 3 + 1 + 1 = 9            -> A = 25
    "3.1": 3, "3.2": 1, "3.3": 3, "3.4": 1, "3.5": 1,
    # B4 marketing: 2 + 1 + 3 = 6
    "4.1": 2, "4.2": 1, "4.3": 3,
    # B5 story: 2 + 1 + 3 = 6                                  -> B = 12
    "5.1": 2, "5.2": 1, "5.3": 3,
    # C6 sensory: 2 + 3 + 3 + 3 = 11; C7..C10: 1 + 2 + 1 + 1 = 5 -> C = 16
    "6.1": 2, "6.2": 3, "6.3": 3, "6.4": 3, "7": 1, "8": 2, "9": 1, "10": 1,
}

# A green tea, scored by hand against sheet 11 of Decision 26/2026.
SET_11_ANSWERS = {
    # A1: 3 + 1 + 2 + 2 + 2 + 1 + 1 = 12
    "1.1": 3, "1.2": 1, "1.3": 2, "1.4": 2, "1.5": 2, "1.6": 1, "1.7": 1,
    # A2: 3 + 2 + 3 + 1 = 9
    "2.1": 3, "2.2": 2, "2.3": 3, "2.4": 1,
    # A3: 3 + 0 + 3 + 2 + 2 = 10                                -> A = 31
    "3.1": 3, "3.2": 0, "3.3": 3, "3.4": 2, "3.5": 2,
    # B4: 3 + 2 + 3 = 8; B5: 5 + 2 + 3 = 10                      -> B = 18
    "4.1": 3, "4.2": 2, "4.3": 3, "5.1": 5, "5.2": 2, "5.3": 3,
    # C6.1 appearance: 2 + 2; C6.2 infusion: 2 + 2 + 3 -> 11
    "6.1.1": 2, "6.1.2": 2, "6.2.1": 2, "6.2.2": 2, "6.2.3": 3,
    # C7..C11: 3 + 4 + 3 + 1 + 1 = 12                            -> C = 23
    "7": 3, "8": 4, "9": 3, "10": 1, "11": 1,
}


# --------------------------------------------------------------------------- set 14


def test_set_14_all_best_answers_give_100_and_5_stars(sheet14):
    result = score_answers(sheet14, best_answers(sheet14))
    assert result.total == 100
    assert result.parts == {"A": 40, "B": 25, "C": 35}
    assert (result.stars.stars, result.stars.band_stars) == (5, 5)
    assert result.stars.recognisable and result.stars.missed_minimums == ()
    assert result.unanswered == [] and result.ignored == []


def test_set_14_chain_contracts_at_2_points_cap_at_4_stars(sheet14):
    answers = dict(best_answers(sheet14), **{"1.4": 2})
    result = score_answers(sheet14, answers)
    assert result.total == 99
    assert (result.stars.stars, result.stars.band_stars) == (4, 5)
    assert result.stars.missed_minimums == (Minimum("1.4", D(3), 5),)


def test_set_14_hand_scored_product_gets_3_stars(sheet14):
    result = score_answers(sheet14, SET_14_ANSWERS)
    assert result.parts == {"A": 25, "B": 12, "C": 16}
    assert result.total == 53
    assert (result.stars.stars, result.stars.band_stars) == (3, 3)
    assert result.stars.missed_minimums == ()
    assert result.points["5.2"] == 1 and result.not_applicable == []


def test_set_14_high_score_without_4_star_minimums_stays_at_3_stars(sheet14):
    raised = {
        "4.3": 5,   # +2
        "6.3": 5,   # +2
        "6.4": 5,   # +2
        "1.3": 3,   # +1
        "2.2": 3,   # +1
        "8": 4,     # +2
        "10": 5,    # +4
        "4.2": 3,   # +2
        "5.3": 5,   # +2
        "3.4": 2,   # +1
        "9": 3,     # +2
    }
    result = score_answers(sheet14, dict(SET_14_ANSWERS, **raised))
    assert result.total == 53 + 2 + 2 + 2 + 1 + 1 + 2 + 4 + 2 + 2 + 1 + 2 == 74
    assert (result.stars.stars, result.stars.band_stars) == (3, 4)
    assert [(m.criterion, m.required_points, m.for_stars)
            for m in result.stars.missed_minimums] == [
        ("1.4", 2, 4), ("2.1", 4, 4), ("2.3", 3, 4), ("3.5", 2, 4),
        ("4.1", 3, 4), ("5.1", 5, 4), ("7", 3, 4),
    ]


def test_set_14_missing_3_star_minimum_at_60_gives_2_stars(sheet14):
    answers = dict(SET_14_ANSWERS, **{
        "8": 0,     # quality declaration missing: -2 -> 51; 3-star minimum is 2
        "6.3": 5,   # +2 -> 53
        "6.4": 5,   # +2 -> 55
        "4.3": 5,   # +2 -> 57
        "10": 3,    # +2 -> 59
        "4.2": 2,   # +1 -> 60
    })
    result = score_answers(sheet14, answers)
    assert result.total == 60
    assert (result.stars.stars, result.stars.band_stars) == (2, 3)
    assert not result.stars.recognisable
    assert result.stars.missed_minimums == (Minimum("8", D(2), 3),)


# --------------------------------------------------------------------------- set 11


def test_set_11_all_best_answers_give_100_and_5_stars(sheet11):
    result = score_answers(sheet11, best_answers(sheet11))
    assert (result.total, result.stars.stars) == (100, 5)
    assert result.parts == {"A": 40, "B": 25, "C": 35}


def test_set_11_hand_scored_tea_gets_4_stars(sheet11):
    result = score_answers(sheet11, SET_11_ANSWERS)
    assert result.parts == {"A": 31, "B": 18, "C": 23}
    assert result.total == 72
    assert (result.stars.stars, result.stars.band_stars) == (4, 4)
    assert result.stars.missed_minimums == ()


def test_set_11_foreign_matter_below_4_star_minimum(sheet11):
    # 1 point is the unverified reading of the option printed as "11".
    result = score_answers(sheet11, dict(SET_11_ANSWERS, **{"6.1.1": 1}))
    assert result.total == 71
    assert (result.stars.stars, result.stars.band_stars) == (3, 4)
    assert result.stars.missed_minimums == (Minimum("6.1.1", D(2), 4),)


def test_set_11_raw_material_below_3_star_minimum_at_60(sheet11):
    answers = dict(SET_11_ANSWERS, **{
        "1.1": 1,   # < 50% from the province: -2 -> 70; 3-star minimum is 2
        "5.1": 1,   # -4 -> 66
        "7": 1,     # -2 -> 64
        "9": 1,     # -2 -> 62
        "2.3": 1,   # -2 -> 60
    })
    result = score_answers(sheet11, answers)
    assert result.total == 60
    assert (result.stars.stars, result.stars.band_stars, result.stars.recognisable) == (
        2, 3, False)
    assert result.stars.missed_minimums == (Minimum("1.1", D(2), 3),)


# --------------------------------------------------------------------------- answer checks


def test_unknown_criterion_is_refused(sheet14):
    with pytest.raises(AnswerError) as info:
        score_answers(sheet14, dict(SET_14_ANSWERS, **{"11": 1}))
    assert info.value.criterion == "11"
    assert "11" in str(info.value) and "set-14" in str(info.value)


def test_points_that_no_option_gives_are_refused(sheet14):
    with pytest.raises(AnswerError) as info:
        score_answers(sheet14, dict(SET_14_ANSWERS, **{"1.4": D("2.5")}))
    assert info.value.criterion == "1.4"
    assert str(info.value) == "2.5 points is not an answer of criterion 1.4 (allowed: 0, 1, 2, 3)."


def test_zero_is_refused_where_the_sheet_does_not_allow_none(sheet14):
    with pytest.raises(AnswerError) as info:
        score_answers(sheet14, dict(SET_14_ANSWERS, **{"1.1": 0}))
    assert info.value.criterion == "1.1"
    assert "allowed: 1, 2, 4" in str(info.value)


def test_zero_is_accepted_where_none_is_inferred(sheet14):
    result = score_answers(sheet14, dict(SET_14_ANSWERS, **{"1.2": 0}))
    assert result.points["1.2"] == 0 and result.total == 51


def test_omitted_criterion_counts_zero_where_none_is_allowed(sheet14):
    answers = dict(SET_14_ANSWERS)
    del answers["1.2"], answers["4.2"]
    result = score_answers(sheet14, answers)
    assert result.unanswered == ["1.2", "4.2"]
    assert result.total == 53 - 2 - 1


def test_omitted_criterion_is_an_error_where_none_is_not_allowed(sheet14):
    answers = dict(SET_14_ANSWERS)
    del answers["3.1"]
    with pytest.raises(AnswerError) as info:
        score_answers(sheet14, answers)
    assert info.value.criterion == "3.1"


def test_explicit_none_answer(sheet14):
    result = score_answers(sheet14, dict(SET_14_ANSWERS, **{"1.2": None}))
    assert result.points["1.2"] == 0 and result.unanswered == []
    with pytest.raises(AnswerError) as info:
        score_answers(sheet14, dict(SET_14_ANSWERS, **{"3.1": None}))
    assert info.value.criterion == "3.1"


def test_story_structure_is_ignored_without_a_story(sheet14):
    answers = dict(SET_14_ANSWERS, **{"5.1": 0, "5.2": 2})
    result = score_answers(sheet14, answers)
    assert result.points["5.2"] == 0
    assert result.not_applicable == ["5.2"] and result.ignored == ["5.2"]
    assert result.total == 53 - 2 - 1
    del answers["5.2"]
    result = score_answers(sheet14, answers)
    assert result.not_applicable == ["5.2"] and result.ignored == [] and result.unanswered == []


def test_an_ignored_answer_must_still_be_valid(sheet14):
    with pytest.raises(AnswerError) as info:
        score_answers(sheet14, dict(SET_14_ANSWERS, **{"5.1": 0, "5.2": 7}))
    assert info.value.criterion == "5.2"


@pytest.mark.parametrize("value", [True, "two", object(), float("nan")])
def test_non_numeric_answers_are_refused(sheet14, value):
    with pytest.raises(AnswerError) as info:
        score_answers(sheet14, dict(SET_14_ANSWERS, **{"1.3": value}))
    assert info.value.criterion == "1.3"


@pytest.mark.parametrize("value", [2, 2.0, "2", D("2.00")])
def test_numeric_answer_types_are_equivalent(sheet14, value):
    result = score_answers(sheet14, dict(SET_14_ANSWERS, **{"1.3": value}))
    assert result.points["1.3"] == 2 and result.total == 53


# --------------------------------------------------------------------------- option indices


def test_answers_by_option_index(sheet14):
    best = {c.code: max(c.options, key=lambda o: o.points).index for c in sheet14.criteria}
    assert score_options(sheet14, best).total == 100
    # 2.4 lists "yes" (1 point) before "no" (0 points).
    assert points_from_options(sheet14, {"2.4": 1}) == {"2.4": 0}
    assert points_from_options(sheet14, {"1.2": None}) == {"1.2": None}


@pytest.mark.parametrize("index", [-1, 3, "0", True])
def test_option_index_out_of_range_is_refused(sheet14, index):
    with pytest.raises(AnswerError) as info:
        points_from_options(sheet14, {"1.1": index})
    assert info.value.criterion == "1.1"


def test_option_index_for_unknown_criterion_is_refused(sheet14):
    with pytest.raises(AnswerError) as info:
        points_from_options(sheet14, {"6.5": 0})
    assert info.value.criterion == "6.5"


# --------------------------------------------------------------------------- messages


def test_messages_are_plain_english_without_django():
    assert i18n.gettext("Criterion %(criterion)s") == "Criterion %(criterion)s"


def test_messages_go_through_the_translation_hook(sheet14, monkeypatch):
    monkeypatch.setattr(scoring, "_", lambda message: "[vi] " + message)
    with pytest.raises(AnswerError) as info:
        score_answers(sheet14, {"99": 1})
    assert str(info.value) == "[vi] Criterion 99 does not exist on sheet set-14."


# --------------------------------------------------------------------------- properties

_SHEETS = load_criteria_set("QD-26-2026-TTg").sheets


@st.composite
def sheet_and_choices(draw):
    sheet = draw(st.sampled_from(_SHEETS))
    choices = {}
    for crit in sheet.criteria:
        indices = list(range(len(crit.options))) + ([None] if crit.allows_none else [])
        choice = draw(st.sampled_from(indices))
        if choice is None and draw(st.booleans()):
            continue  # leave it out altogether
        choices[crit.code] = choice
    return sheet, choices


@settings(max_examples=200, deadline=None)
@given(sheet_and_choices())
def test_any_legal_answer_set_scores_consistently(case):
    sheet, choices = case
    result = score_options(sheet, choices)
    assert result.total == sum(result.parts.values()) == sum(result.points.values())
    for part in sheet.parts:
        assert 0 <= result.parts[part.code] <= part.max_points
    assert result.stars == star_rank(total=result.total, bands=sheet.bands,
                                     minimums=sheet.minimums(), points=result.points)
    assert result.stars.stars <= result.stars.band_stars
    assert result.stars.recognisable == (result.stars.stars >= 3)
