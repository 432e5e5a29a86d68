"""The arithmetic of assessment on worked examples (no database)."""

from decimal import Decimal

import pytest

from commissioning.assessment.scoring import (
    Candidate,
    CriterionRule,
    for_display,
    mean_score,
    money_line,
    must_pass_failures,
    must_pass_failures_of_sums,
    rank,
    weighted_score,
    weighted_score_of_sums,
    wide_spread,
)
from core.financial_years import FinancialYear

QUALITY = CriterionRule(id=1, weight=50)
VALUE = CriterionRule(id=2, weight=30)
SAFEGUARDING = CriterionRule(id=3, weight=20, must_pass=True, minimum_score=3)
CRITERIA = [QUALITY, VALUE, SAFEGUARDING]
Y1 = FinancialYear(2026)
Y2 = FinancialYear(2027)


def test_the_weighted_score_is_the_sum_of_weight_times_mean_over_five():
    # 50 x 4/5 + 30 x 3.5/5 + 20 x 5/5 = 40 + 21 + 20
    scores = {1: [4, 4], 2: [3, 4], 3: [5, 5]}
    assert weighted_score(CRITERIA, scores) == Decimal("81")


def test_a_third_is_kept_exactly_and_rounded_half_up_only_for_display():
    # 50 x (4+4+3)/3/5 = 36.666..., 30 x 2/5 = 12, 20 x 3/5 = 12
    scores = {1: [4, 4, 3], 2: [2, 2, 2], 3: [3, 3, 3]}
    value = weighted_score(CRITERIA, scores)
    assert Decimal("60.66") < value < Decimal("60.67")
    assert for_display(value) == Decimal("60.7")


def test_display_rounds_a_half_up_not_to_even():
    criteria = [CriterionRule(id=1, weight=45)]
    value = weighted_score(criteria, {1: [1, 2]})  # 45 x 1.5 / 5 = 13.5
    assert value == Decimal("13.5")
    assert for_display(Decimal("12.25")) == Decimal("12.3")
    assert for_display(Decimal("12.35")) == Decimal("12.4")


def test_the_same_scores_in_a_different_order_give_exactly_the_same_value():
    first = weighted_score(CRITERIA, {1: [4, 4, 3], 2: [1, 2, 2], 3: [3, 4, 4]})
    second = weighted_score(CRITERIA, {1: [3, 4, 4], 2: [2, 1, 2], 3: [4, 3, 4]})
    assert first == second
    assert rank([first, second]) == [1, 1]


def test_ties_share_a_rank_and_the_next_rank_skips():
    values = [Decimal("70"), Decimal("81"), Decimal("70"), Decimal("55")]
    assert rank(values) == [2, 1, 2, 4]


def test_a_must_pass_criterion_below_its_minimum_is_a_failure():
    scores = {1: [5, 5], 2: [5, 5], 3: [2, 3]}  # mean 2.5 < 3
    assert must_pass_failures(CRITERIA, scores) == {3}
    # The weighted score is still worked out: the failure is shown beside it.
    assert weighted_score(CRITERIA, scores) == Decimal("90")
    assert must_pass_failures(CRITERIA, {3: [3, 3]}) == set()
    assert must_pass_failures(CRITERIA, {}) == set()


def test_a_spread_of_two_on_any_criterion_is_wide():
    assert wide_spread({1: [2, 4], 2: [3, 4]}) == {1}
    assert wide_spread({1: [3, 4], 2: [3, 3]}) == set()


def test_the_mean_of_no_scores_is_none():
    assert mean_score([]) is None
    assert mean_score([3, 4]) == Decimal("3.5")


def _money():
    return {Y1: Decimal("100000.00"), Y2: Decimal("80000.00")}


def test_the_line_falls_at_the_first_bid_a_single_year_cannot_cover():
    bids = [
        Candidate("a", Decimal("81"), {Y1: Decimal("40000.00"), Y2: Decimal("40000.00")}),
        Candidate("b", Decimal("75"), {Y1: Decimal("30000.00"), Y2: Decimal("30000.00")}),
        # 2026-27 has 30,000 left, 2027-28 only 10,000: the second year cannot cover it.
        Candidate("c", Decimal("70"), {Y1: Decimal("20000.00"), Y2: Decimal("20000.00")}),
        # Would fit, but is below the line: the line is drawn once.
        Candidate("d", Decimal("60"), {Y1: Decimal("1000.00"), Y2: Decimal("1000.00")}),
    ]
    line = money_line(bids, _money())
    assert [row.above_line for row in line.rows] == [True, True, False, False]
    assert line.line_before == "c"
    assert line.short_year == Y2
    assert line.rows[1].remaining_after == {Y1: Decimal("30000.00"), Y2: Decimal("10000.00")}
    assert not line.tie_at_line


def test_a_tie_across_the_line_is_marked_for_the_moderator():
    bids = [
        Candidate("a", Decimal("81"), {Y1: Decimal("60000.00"), Y2: Decimal("50000.00")}),
        Candidate("b", Decimal("70"), {Y1: Decimal("30000.00"), Y2: Decimal("20000.00")}),
        Candidate("c", Decimal("70"), {Y1: Decimal("30000.00"), Y2: Decimal("20000.00")}),
    ]
    line = money_line(bids, _money())
    assert [(row.candidate.key, row.rank, row.above_line) for row in line.rows] == [
        ("a", 1, True),
        ("b", 2, True),
        ("c", 2, False),
    ]
    assert line.tie_at_line
    assert [row.tie_at_line for row in line.rows] == [False, True, True]


def test_a_bid_not_to_be_funded_takes_no_money_and_is_not_the_line():
    bids = [
        Candidate("a", Decimal("90"), {Y1: Decimal("90000.00")}, fundable=False),
        Candidate("b", Decimal("80"), {Y1: Decimal("90000.00"), Y2: Decimal("80000.00")}),
    ]
    line = money_line(bids, _money())
    assert [row.above_line for row in line.rows] == [False, True]
    assert line.line_before is None


def test_a_lot_has_its_own_money():
    # A lot of 25,000 a year (capped by what the round's budgets have left).
    lot_money = {Y1: Decimal("25000.00"), Y2: Decimal("25000.00")}
    bids = [
        Candidate("a", Decimal("81"), {Y1: Decimal("20000.00"), Y2: Decimal("20000.00")}),
        Candidate("b", Decimal("75"), {Y1: Decimal("5000.00"), Y2: Decimal("6000.00")}),
    ]
    line = money_line(bids, lot_money)
    assert line.line_before == "b"
    assert line.short_year == Y2


def test_money_must_be_decimal():
    with pytest.raises(TypeError):
        money_line([], {Y1: 100.0})


def test_sums_and_counts_give_the_same_arithmetic_as_the_scores():
    for scores in ({1: [4, 4], 2: [3, 4], 3: [5, 5]}, {1: [1], 3: [2, 3, 2]}, {}, {2: [0, 5, 3]}):
        sums = {criterion: (sum(given), len(given)) for criterion, given in scores.items()}
        assert weighted_score_of_sums(CRITERIA, sums) == weighted_score(CRITERIA, scores)
        assert must_pass_failures_of_sums(CRITERIA, sums) == must_pass_failures(CRITERIA, scores)
    assert must_pass_failures_of_sums(CRITERIA, {3: (5, 2)}) == {3}
