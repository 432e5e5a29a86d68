"""Payment schedules (grants.schedules): each kind, leap years, months of different lengths,
odd pennies, and "the instalments always add up to the award"."""

import datetime
from decimal import Decimal

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from core.financial_years import FinancialYear
from grants import schedules
from grants.schedules import MilestoneDate, ScheduleRefused, YearMoney, instalments_plan

D = Decimal
date = datetime.date
Y24, Y25, Y26 = FinancialYear(2024), FinancialYear(2025), FinancialYear(2026)


def plan(kind, starts_on, ends_on, *money, **kwargs):
    return instalments_plan(
        kind=kind,
        starts_on=starts_on,
        ends_on=ends_on,
        money=[
            YearMoney(budget_id=n, year=year, amount=amount)
            for n, (year, amount) in enumerate(money)
        ],
        **kwargs,
    )


def amounts(planned):
    return [item.amount for item in planned]


def test_ten_thousand_pounds_over_three_periods_adds_up_to_the_penny():
    # 1 April to 31 December: three whole quarters.
    planned = plan(
        schedules.QUARTERLY_IN_ARREARS, date(2026, 4, 1), date(2026, 12, 31), (Y26, D("10000.00"))
    )
    assert amounts(planned) == [D("3333.34"), D("3333.33"), D("3333.33")]
    assert sum(amounts(planned)) == D("10000.00")


def test_quarterly_in_advance_is_due_on_each_quarters_first_day():
    planned = plan(schedules.QUARTERLY_IN_ADVANCE, Y26.start, Y26.end, (Y26, D("40000.00")))
    assert [i.due_on for i in planned] == [
        date(2026, 4, 1),
        date(2026, 7, 1),
        date(2026, 10, 1),
        date(2027, 1, 1),
    ]
    assert amounts(planned) == [D("10000.00")] * 4


def test_quarterly_in_arrears_is_due_on_each_quarters_last_day():
    planned = plan(schedules.QUARTERLY_IN_ARREARS, Y26.start, Y26.end, (Y26, D("40000.01")))
    assert [i.due_on for i in planned] == [
        date(2026, 6, 30),
        date(2026, 9, 30),
        date(2026, 12, 31),
        date(2027, 3, 31),
    ]
    # The odd penny goes to the first quarter.
    assert amounts(planned) == [D("10000.01"), D("10000.00"), D("10000.00"), D("10000.00")]


def test_monthly_in_arrears_is_due_on_29_february_in_a_leap_year():
    planned = plan(schedules.MONTHLY, Y24.start, Y24.end, (Y24, D("12000.00")))
    assert len(planned) == 12
    assert date(2025, 2, 28) in [i.due_on for i in planned]
    leap = plan(
        schedules.MONTHLY,
        FinancialYear(2023).start,
        FinancialYear(2023).end,
        (FinancialYear(2023), D("12000.00")),
    )
    assert date(2024, 2, 29) in [i.due_on for i in leap]
    # Whole months weigh the same whatever their length.
    assert amounts(leap) == [D("1000.00")] * 12


def test_months_of_different_lengths_are_each_due_on_their_last_day():
    planned = plan(schedules.MONTHLY, Y26.start, Y26.end, (Y26, D("1200.00")))
    assert [i.due_on.day for i in planned] == [30, 31, 30, 31, 31, 30, 31, 30, 31, 31, 28, 31]


def test_a_part_month_is_paid_for_the_days_it_covers_even_in_february_of_a_leap_year():
    # 16 to 29 February 2024 is 14 of February's 29 days; March is whole (weight 1).
    planned = plan(
        schedules.MONTHLY, date(2024, 2, 16), date(2024, 3, 31), (FinancialYear(2023), D("4300.00"))
    )
    assert [(i.period_start, i.due_on) for i in planned] == [
        (date(2024, 2, 16), date(2024, 2, 29)),
        (date(2024, 3, 1), date(2024, 3, 31)),
    ]
    # Weights 14/29 and 1: £4,300 x 14/43 = £1,400, the rest £2,900.
    assert amounts(planned) == [D("1400.00"), D("2900.00")]


def test_each_financial_year_is_split_from_its_own_amount():
    planned = plan(
        schedules.QUARTERLY_IN_ARREARS, Y25.start, Y26.end, (Y25, D("1000.00")), (Y26, D("0.03"))
    )
    by_year = {}
    for item in planned:
        by_year.setdefault(item.year, []).append(item.amount)
    assert by_year[Y25] == [D("250.00")] * 4
    # Three pennies over four quarters: the quarter left without one is dropped (£0.00).
    assert by_year[Y26] == [D("0.01")] * 3


def test_milestones_share_their_years_amount_and_carry_their_dates():
    milestones = [
        MilestoneDate(key=1, name="Service open", due_on=date(2026, 6, 1)),
        MilestoneDate(key=2, name="Helpline staffed", due_on=date(2026, 11, 30)),
        MilestoneDate(key=3, name="Evaluation", due_on=date(2027, 4, 30)),
    ]
    planned = plan(
        schedules.MILESTONES,
        Y26.start,
        FinancialYear(2027).end,
        (Y26, D("1000.01")),
        (FinancialYear(2027), D("500.00")),
        milestones=milestones,
    )
    assert [(i.milestone, i.due_on, i.amount) for i in planned] == [
        (1, date(2026, 6, 1), D("500.01")),
        (2, date(2026, 11, 30), D("500.00")),
        (3, date(2027, 4, 30), D("500.00")),
    ]


def test_milestones_outside_the_dates_or_a_year_without_one_are_refused_with_every_problem():
    milestones = [MilestoneDate(key=1, name="Late", due_on=date(2030, 1, 1))]
    with pytest.raises(ScheduleRefused) as refused:
        plan(schedules.MILESTONES, Y26.start, Y26.end, (Y26, D("100.00")), milestones=milestones)
    problems = refused.value.extra["problems"]
    assert "Milestone “Late” is due outside the award's dates." in problems
    assert "Add a milestone due in 2026-27, which has money." in problems


def test_payment_by_results_pays_a_fixed_part_and_caps_the_results_part():
    planned = plan(
        schedules.RESULTS,
        Y26.start,
        Y26.end,
        (Y26, D("10000.00")),
        results_fixed=D("2000.00"),
        has_tariffs=True,
    )
    fixed = [i.amount for i in planned if i.kind == "fixed"]
    results = [i.amount for i in planned if i.kind == "results"]
    assert fixed == [D("500.00")] * 4
    assert results == [D("2000.00")] * 4
    assert all(i.due_on == i.period_end for i in planned)


def test_payment_by_results_needs_a_tariff_and_a_fixed_part_within_the_award():
    with pytest.raises(ScheduleRefused, match="Add at least one outcome"):
        plan(schedules.RESULTS, Y26.start, Y26.end, (Y26, D("100.00")))
    with pytest.raises(ScheduleRefused, match="fixed part"):
        plan(
            schedules.RESULTS,
            Y26.start,
            Y26.end,
            (Y26, D("100.00")),
            results_fixed=D("100.01"),
            has_tariffs=True,
        )


def test_dates_that_miss_a_year_with_money_are_refused():
    with pytest.raises(ScheduleRefused, match="do not cover 2027-28"):
        plan(
            schedules.MONTHLY,
            Y26.start,
            Y26.end,
            (Y26, D("1.00")),
            (FinancialYear(2027), D("1.00")),
        )


KINDS = [
    schedules.QUARTERLY_IN_ADVANCE,
    schedules.QUARTERLY_IN_ARREARS,
    schedules.MONTHLY,
    schedules.RESULTS,
]
pennies = st.integers(min_value=1, max_value=10_000_000_00).map(lambda p: D(p) / 100)


@settings(max_examples=300, deadline=None)
@given(
    kind=st.sampled_from(KINDS),
    first=st.integers(min_value=2020, max_value=2030),
    years=st.lists(pennies, min_size=1, max_size=3),
    start_offset=st.integers(min_value=0, max_value=364),
    end_offset=st.integers(min_value=0, max_value=364),
    fixed_share=st.integers(min_value=0, max_value=100),
)
def test_instalments_always_add_up_to_the_award(
    kind, first, years, start_offset, end_offset, fixed_share
):
    fys = [FinancialYear(first + n) for n in range(len(years))]
    starts_on = min(fys[0].start + datetime.timedelta(days=start_offset), fys[0].end)
    ends_on = max(fys[-1].end - datetime.timedelta(days=end_offset), fys[-1].start)
    if ends_on < starts_on:
        ends_on = starts_on
    total = sum(years)
    fixed = (total * fixed_share / 100).quantize(D("0.01"), rounding="ROUND_DOWN")
    planned = plan(
        kind,
        starts_on,
        ends_on,
        *zip(fys, years, strict=True),
        results_fixed=fixed,
        has_tariffs=True,
    )
    assert sum(amounts(planned)) == total
    for year, amount in zip(fys, years, strict=True):
        assert sum(i.amount for i in planned if i.year == year) == amount
    assert all(i.amount > 0 and i.amount == i.amount.quantize(D("0.01")) for i in planned)
    assert all(
        starts_on <= i.period_start <= i.due_on <= ends_on
        for i in planned
        if i.due_on == i.period_end
    )
    assert all(i.year.start <= i.due_on <= i.year.end for i in planned)
