"""Working days in England and Wales: weekends and bank holidays (the holidays package) skipped."""

import datetime

import pytest
import time_machine

from core.working_days import (
    is_bank_holiday,
    is_working_day,
    london_today,
    working_day_add,
    working_days_between,
)

D = datetime.date


@pytest.mark.parametrize(
    "day",
    [
        D(2026, 4, 3),  # Good Friday
        D(2026, 4, 6),  # Easter Monday: England and Wales, not Scotland
        D(2026, 5, 25),  # Spring bank holiday
        D(2026, 8, 31),  # Summer bank holiday: the last Monday of August, not Scotland's
        D(2026, 12, 28),  # Boxing Day falls on a Saturday: the Monday instead
    ],
)
def test_england_and_wales_bank_holidays_are_not_working_days(day):
    assert is_bank_holiday(day)
    assert not is_working_day(day)


def test_scottish_only_holidays_are_working_days():
    assert is_working_day(D(2026, 1, 2))  # Scotland's 2 January
    assert is_working_day(D(2026, 8, 3))  # Scotland's summer holiday
    assert is_working_day(D(2026, 11, 30))  # St Andrew's Day


def test_adding_working_days_skips_weekends_and_easter():
    # Thursday 2 April 2026, before Good Friday and Easter Monday.
    assert working_day_add(D(2026, 4, 2), 1) == D(2026, 4, 7)
    assert working_day_add(D(2026, 4, 2), 0) == D(2026, 4, 2)
    assert working_day_add(D(2026, 4, 4), 0) == D(2026, 4, 7)  # Saturday: the next one
    assert working_day_add(D(2026, 12, 23), 3) == D(2026, 12, 30)
    with pytest.raises(ValueError, match="count forwards"):
        working_day_add(D(2026, 4, 2), -1)


def test_counting_working_days_between_two_dates():
    assert working_days_between(D(2026, 4, 2), D(2026, 4, 7)) == 1
    assert working_days_between(D(2026, 4, 7), D(2026, 4, 7)) == 0
    assert working_days_between(D(2026, 3, 30), D(2026, 4, 10)) == 7


def test_today_is_counted_in_london_not_utc():
    # 11:30pm UTC on 31 May is already 1 June in London (summer time).
    with time_machine.travel(datetime.datetime(2026, 5, 31, 23, 30, tzinfo=datetime.UTC)):
        assert london_today() == D(2026, 6, 1)
