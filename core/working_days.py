"""Working days in England and Wales: Monday to Friday except bank holidays, in London time.

    working_day_add(today, 10)          # the 10th working day after today
    working_days_between(sent, today)   # working days after `sent`, up to and including today

Bank holidays come from the `holidays` package (England and Wales share theirs; Scotland
and Northern Ireland differ and do not apply), never from a hand-kept list; when a holiday
falls at a weekend, the substitute day is the holiday. Count "today" with `london_today()`,
not the server's date: just after midnight in summer the UTC date is still yesterday.
"""

import datetime
from functools import lru_cache

import holidays
from django.utils import timezone

from core.london_time import LONDON


@lru_cache(maxsize=64)
def _bank_holidays(year: int) -> frozenset[datetime.date]:
    england = holidays.country_holidays("GB", subdiv="ENG", years=year)
    wales = holidays.country_holidays("GB", subdiv="WLS", years=year)
    return frozenset(england) | frozenset(wales)


def is_bank_holiday(day: datetime.date) -> bool:
    return day in _bank_holidays(day.year)


def is_working_day(day: datetime.date) -> bool:
    return day.weekday() < 5 and not is_bank_holiday(day)


def london_today(now: datetime.datetime | None = None) -> datetime.date:
    """The day in London at `now` (default: this moment)."""
    return timezone.localdate(now, timezone=LONDON)


def working_day_add(day: datetime.date, count: int) -> datetime.date:
    """The `count`th working day after `day` (`count` 0: `day` itself if it is one, else the
    next working day)."""
    if count < 0:
        raise ValueError("count forwards: count must be 0 or more")
    while not is_working_day(day):
        day += datetime.timedelta(days=1)
    for _step in range(count):
        day += datetime.timedelta(days=1)
        while not is_working_day(day):
            day += datetime.timedelta(days=1)
    return day


def working_days_between(start: datetime.date, end: datetime.date) -> int:
    """How many working days fall after `start`, up to and including `end` (0 if none)."""
    count = 0
    day = start + datetime.timedelta(days=1)
    while day <= end:
        count += is_working_day(day)
        day += datetime.timedelta(days=1)
    return count
