"""Properties of how member sheets combine (pure functions, no database)."""

from decimal import Decimal

from hypothesis import given
from hypothesis import strategies as st

from ocop.evaluation.aggregate import aggregate_points, mean, spread_outliers

totals = st.lists(
    st.integers(min_value=0, max_value=200).map(lambda n: Decimal(n) / 2), min_size=1, max_size=9
)


@given(totals)
def test_mean_is_cut_never_rounded_up(values):
    exact = sum(values) / len(values)
    cut = mean(values)
    assert cut <= exact < cut + Decimal("0.01")
    assert cut == cut.quantize(Decimal("0.01"))


def test_mean_below_a_band_floor_stays_below():
    assert mean([Decimal(70), Decimal(70), Decimal("69.97")]) == Decimal("69.99")


@given(st.lists(st.sampled_from([0, 1, 3, 5]), min_size=1, max_size=9))
def test_aggregation_modes_order_all_majority(points):
    sheets = [{"5.3": Decimal(p)} for p in points]
    strict = aggregate_points(sheets, ["5.3"], "all")["5.3"]
    majority = aggregate_points(sheets, ["5.3"], "majority")["5.3"]
    assert strict == min(points)
    assert strict <= majority <= max(points)
    reached = sum(1 for p in points if p >= majority)
    assert reached * 2 > len(points)
    # no higher value is reached by a majority
    higher = [p for p in points if p > majority]
    if higher:
        assert sum(1 for p in points if p >= min(higher)) * 2 <= len(points)


@given(totals, st.integers(min_value=1, max_value=30))
def test_spread_flags_someone_exactly_when_the_spread_is_too_wide(values, limit):
    limit = Decimal(limit)
    flagged = spread_outliers(dict(enumerate(values)), limit)
    too_wide = max(values) - min(values) > limit
    assert bool(flagged) is too_wide


def test_missing_criterion_counts_zero():
    assert aggregate_points([{}, {"1.1": Decimal(4)}], ["1.1"], "mean") == {"1.1": Decimal(2)}
