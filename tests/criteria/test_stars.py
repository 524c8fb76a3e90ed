from __future__ import annotations

from decimal import Decimal

import pytest
from hypothesis import given
from hypothesis import strategies as st

from ocop.criteria.stars import Band, Minimum, StarResult, star_rank

D = Decimal

BANDS = (
    Band(5, D(90), D(100), max_inclusive=True),
    Band(4, D(70), D(90)),
    Band(3, D(50), D(70)),
    Band(2, D(30), D(50)),
    Band(1, D(0), D(30)),
)

MINIMUMS = (
    Minimum("1.1", D(1), 3),
    Minimum("1.4", D(2), 4),
    Minimum("1.4", D(3), 5),
    Minimum("2.2", D(2), 3),
    Minimum("7", D(3), 4),
    Minimum("7", D(5), 5),
    Minimum("10", D(1), 3),
)
ALL_REACHED = {"1.1": D(4), "1.4": D(3), "2.2": D(3), "7": D(5), "10": D(5)}


def rank(total, points=ALL_REACHED, minimums=MINIMUMS) -> StarResult:
    return star_rank(total=total, bands=BANDS, minimums=minimums, points=points)


@pytest.mark.parametrize(
    ("total", "stars"),
    [
        (0, 1), (29, 1), (D("29.99"), 1), (30, 2), (49, 2), (D("49.99"), 2),
        (50, 3), (69, 3), (D("69.99"), 3), (70, 4), (89, 4), (D("89.99"), 4),
        (90, 5), (100, 5), ("50.00", 3), (69.99, 3),
    ],
)
def test_bands_are_half_open_with_top_inclusive(total, stars):
    result = rank(total)
    assert result.band_stars == stars
    assert result.stars == stars
    assert result.recognisable is (stars >= 3)
    assert result.missed_minimums == ()


@pytest.mark.parametrize("total", [-1, D("100.01"), 101])
def test_total_outside_the_bands_is_refused(total):
    with pytest.raises(ValueError, match="outside the bands"):
        rank(total)


def test_missed_5_star_minimum_gives_4_stars():
    points = dict(ALL_REACHED, **{"1.4": D(2)})
    result = rank(95, points)
    assert (result.stars, result.band_stars, result.recognisable) == (4, 5, True)
    assert result.missed_minimums == (Minimum("1.4", D(3), 5),)


def test_missed_4_star_minimum_gives_3_stars_and_lists_every_miss():
    points = dict(ALL_REACHED, **{"1.4": D(1), "7": D(1)})
    result = rank(92, points)
    assert (result.stars, result.band_stars) == (3, 5)
    assert [m.as_dict() for m in result.missed_minimums] == [
        {"criterion": "1.4", "required_points": D(2), "for_stars": 4},
        {"criterion": "7", "required_points": D(3), "for_stars": 4},
        {"criterion": "1.4", "required_points": D(3), "for_stars": 5},
        {"criterion": "7", "required_points": D(5), "for_stars": 5},
    ]


def test_missed_3_star_minimum_at_60_gives_2_stars_not_recognisable():
    points = dict(ALL_REACHED, **{"2.2": D(1)})
    result = rank(60, points)
    assert (result.stars, result.band_stars, result.recognisable) == (2, 3, False)
    assert result.missed_minimums == (Minimum("2.2", D(2), 3),)


def test_missing_points_count_zero():
    result = rank(75, {})
    assert result.stars == 2
    assert [m.criterion for m in result.missed_minimums] == ["1.1", "2.2", "10", "1.4", "7"]


def test_minimums_above_the_band_are_not_reported():
    result = rank(55, dict(ALL_REACHED, **{"7": D(0)}))
    assert result.stars == 3 and result.missed_minimums == ()


def test_criterion_codes_sort_naturally_in_missed_minimums():
    minimums = (Minimum("10", D(1), 3), Minimum("9", D(1), 3), Minimum("1.10", D(1), 3),
                Minimum("1.2", D(1), 3))
    result = rank(60, {}, minimums)
    assert [m.criterion for m in result.missed_minimums] == ["1.2", "1.10", "9", "10"]


def test_averaged_points_are_compared_as_decimals():
    # A council mean of 1.99 on a criterion does not reach a minimum of 2.
    result = rank(D("72.5"), dict(ALL_REACHED, **{"2.2": D("1.99")}))
    assert result.stars == 2


def test_result_serialises_to_plain_data():
    result = rank(95, dict(ALL_REACHED, **{"7": D(3)}))
    assert result.as_dict() == {
        "stars": 4,
        "band_stars": 5,
        "recognisable": True,
        "missed_minimums": [{"criterion": "7", "required_points": D(5), "for_stars": 5}],
    }


# --------------------------------------------------------------------------- properties

totals = st.decimals(min_value=0, max_value=100, places=2)
point_maps = st.fixed_dictionaries(
    {code: st.integers(min_value=0, max_value=5).map(Decimal) for code in ALL_REACHED}
)


@given(a=totals, b=totals)
def test_stars_are_monotone_in_total_when_all_minimums_are_reached(a, b):
    low, high = sorted((a, b))
    assert rank(low).stars <= rank(high).stars


@given(total=totals)
def test_stars_equal_band_stars_when_all_minimums_are_reached(total):
    result = rank(total)
    assert result.stars == result.band_stars
    assert result.missed_minimums == ()


@given(total=totals, points=point_maps)
def test_stars_never_exceed_band_stars(total, points):
    result = rank(total, points)
    assert 1 <= result.stars <= result.band_stars


@given(total=totals, points=point_maps)
def test_recognisable_iff_at_least_3_stars(total, points):
    result = rank(total, points)
    assert result.recognisable == (result.stars >= 3)


@given(total=totals, points=point_maps)
def test_missed_minimums_empty_iff_full_band_stars(total, points):
    result = rank(total, points)
    if result.band_stars >= 3:
        assert (result.missed_minimums == ()) == (result.stars == result.band_stars)
    else:
        assert result.missed_minimums == ()
        assert result.stars == result.band_stars


@given(total=totals, points=point_maps)
def test_missed_minimums_are_sorted_and_within_the_band(total, points):
    result = rank(total, points)
    levels = [m.for_stars for m in result.missed_minimums]
    assert levels == sorted(levels)
    assert all(m.for_stars <= result.band_stars for m in result.missed_minimums)
    if result.missed_minimums and result.band_stars >= 3:
        assert result.stars == max(2, result.missed_minimums[0].for_stars - 1)


@given(total=totals, points=point_maps, extra=st.integers(min_value=0, max_value=5))
def test_more_points_on_a_criterion_never_lose_stars(total, points, extra):
    better = dict(points, **{"7": points["7"] + extra})
    assert rank(total, better).stars >= rank(total, points).stars
