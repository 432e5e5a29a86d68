"""money_split: parts by weight, in whole pence, always summing to the total."""

from decimal import Decimal
from fractions import Fraction

import pytest
from hypothesis import given
from hypothesis import strategies as st

from core.money import money_split

pence = st.integers(min_value=-(10**13), max_value=10**13).map(lambda p: Decimal(p) / 100)
weights = st.lists(
    st.one_of(
        st.integers(min_value=0, max_value=10**6),
        st.decimals(min_value=0, max_value=10**6, places=4, allow_nan=False),
    ),
    min_size=1,
    max_size=30,
).filter(lambda ws: sum(Decimal(w) for w in ws) > 0)


@given(total=pence, weights=weights)
def test_parts_sum_to_the_total_and_stay_within_a_penny_of_their_share(total, weights):
    parts = money_split(total, weights)
    assert len(parts) == len(weights)
    assert sum(parts) == total
    weight_sum = sum(Fraction(Decimal(w)) for w in weights)
    for part, weight in zip(parts, weights, strict=True):
        assert part == part.quantize(Decimal("0.01"))
        exact = Fraction(total) * Fraction(Decimal(weight)) / weight_sum
        assert abs(Fraction(part) - exact) < Fraction(1, 100)
        if weight == 0:
            assert part == 0


def test_the_pence_left_over_go_to_the_largest_remainders_then_the_earlier_part():
    assert money_split(Decimal("100.00"), [1, 1, 1]) == [
        Decimal("33.34"),
        Decimal("33.33"),
        Decimal("33.33"),
    ]
    # Shares 6.666.., 3.333..: the first loses more in rounding down.
    assert money_split(Decimal("10.00"), [2, 1]) == [Decimal("6.67"), Decimal("3.33")]
    assert money_split(Decimal("0.05"), [1, 1, 1, 1, 1, 1]) == [Decimal("0.01")] * 5 + [
        Decimal("0.00")
    ]


def test_a_clawback_splits_like_its_opposite():
    assert money_split(Decimal("-100.00"), [1, 1, 1]) == [
        Decimal("-33.34"),
        Decimal("-33.33"),
        Decimal("-33.33"),
    ]


@pytest.mark.parametrize(
    ("total", "weights", "error"),
    [
        (100.0, [1], TypeError),
        (Decimal("1.00"), [0.5, 0.5], TypeError),
        (Decimal("1.001"), [1], ValueError),
        (Decimal("1.00"), [], ValueError),
        (Decimal("1.00"), [0, 0], ValueError),
        (Decimal("1.00"), [2, -1], ValueError),
    ],
)
def test_it_refuses_floats_fractions_of_a_penny_and_bad_weights(total, weights, error):
    with pytest.raises(error):
        money_split(total, weights)
