"""Financial years: "2025-26" runs from 1 April 2025 to 31 March 2026, in Europe/London.

    >>> year = FinancialYear.parse("2025-26")
    >>> year.start, year.end
    (datetime.date(2025, 4, 1), datetime.date(2026, 3, 31))
    >>> FinancialYear.containing(timezone.now())

`FinancialYearField` stores one on a model and `FinancialYearFormField` asks for one.
"""

import dataclasses
import datetime
import re
import zoneinfo
from collections.abc import Iterator

from django import forms
from django.core.exceptions import ValidationError
from django.db import models
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

LONDON = zoneinfo.ZoneInfo("Europe/London")

# Four-digit start years keep "2025-26" unambiguous.
MIN_START_YEAR = 1000
MAX_START_YEAR = 9998

# "2025-26" or "2025/26" (and the en dash and four-digit ending that published tables use).
_PATTERN = re.compile(r"(?P<start>[0-9]{4})\s*[-/\u2013]\s*(?P<end>[0-9]{2}|[0-9]{4})")

FORMAT_MESSAGE = _("Enter a financial year like 2025-26")
SEQUENCE_MESSAGE = _("The second year must be the year after the first, like 2025-26")


@dataclasses.dataclass(frozen=True, order=True)
class FinancialYear:
    """A UK public-sector financial year, named by the calendar year it starts in."""

    start_year: int

    def __post_init__(self):
        if isinstance(self.start_year, bool) or not isinstance(self.start_year, int):
            raise TypeError(f"start_year must be an int, not {type(self.start_year).__name__}")
        if not MIN_START_YEAR <= self.start_year <= MAX_START_YEAR:
            raise ValueError(FORMAT_MESSAGE)

    @classmethod
    def parse(cls, text: str) -> "FinancialYear":
        """'2025-26' or '2025/26' -> FinancialYear(2025).

        Raises ValueError, whose message (a lazy translation) can be shown to the person who
        typed the text: '25-26' and 'abc' are not financial years, nor is '2025-27'.
        """
        if not isinstance(text, str):
            raise TypeError(f"expected a string, not {type(text).__name__}")
        match = _PATTERN.fullmatch(text.strip())
        if match is None:
            raise ValueError(FORMAT_MESSAGE)
        start, end = int(match["start"]), match["end"]
        expected = f"{start + 1:04d}"[-len(end) :]
        if end != expected:
            raise ValueError(SEQUENCE_MESSAGE)
        return cls(start)

    @classmethod
    def containing(cls, moment: datetime.date | datetime.datetime) -> "FinancialYear":
        """The year a date, or an aware datetime seen from London, falls in.

        23:30 UTC on 31 March 2026 is 00:30 on 1 April in London (BST), so it is in 2026-27.
        A naive datetime is refused: which day it is depends on where it was taken.
        """
        if isinstance(moment, datetime.datetime):
            if timezone.is_naive(moment):
                raise ValueError("a naive datetime is ambiguous; give an aware one or a date")
            moment = moment.astimezone(LONDON).date()
        elif not isinstance(moment, datetime.date):
            raise TypeError(f"expected a date or a datetime, not {type(moment).__name__}")
        return cls(moment.year if moment.month >= 4 else moment.year - 1)

    @classmethod
    def current(cls) -> "FinancialYear":
        """The year it is now in London."""
        return cls.containing(timezone.now())

    @classmethod
    def range(cls, first: "FinancialYear", last: "FinancialYear") -> Iterator["FinancialYear"]:
        """Every year from `first` to `last`, both included; nothing when last is before first."""
        for start_year in range(first.start_year, last.start_year + 1):
            yield cls(start_year)

    def __str__(self) -> str:
        return f"{self.start_year}-{(self.start_year + 1) % 100:02d}"

    @property
    def end_year(self) -> int:
        return self.start_year + 1

    @property
    def start(self) -> datetime.date:
        """1 April, the first day."""
        return datetime.date(self.start_year, 4, 1)

    @property
    def end(self) -> datetime.date:
        """31 March, the last day."""
        return datetime.date(self.end_year, 3, 31)

    def datetime_range(self) -> tuple[datetime.datetime, datetime.datetime]:
        """Midnight in London on 1 April, and on the next 1 April: a half-open range.

        For a timestamp column: `.filter(at__gte=start, at__lt=stop)`.
        """
        return (
            datetime.datetime(self.start_year, 4, 1, tzinfo=LONDON),
            datetime.datetime(self.end_year, 4, 1, tzinfo=LONDON),
        )

    def next(self) -> "FinancialYear":
        return FinancialYear(self.start_year + 1)

    def previous(self) -> "FinancialYear":
        return FinancialYear(self.start_year - 1)

    def __contains__(self, moment) -> bool:
        return FinancialYear.containing(moment) == self


def _to_financial_year(value) -> "FinancialYear | None":
    """A FinancialYear from what a model or a form may hold: itself, its start year, or text."""
    if value is None or isinstance(value, FinancialYear):
        return value
    if isinstance(value, int) and not isinstance(value, bool):
        return FinancialYear(value)
    if isinstance(value, str):
        text = value.strip()
        return FinancialYear(int(text)) if text.isdigit() else FinancialYear.parse(text)
    raise TypeError(f"expected a financial year, not {type(value).__name__}")


class FinancialYearField(models.Field):
    """A financial year, stored as the year it starts in (2025 for 2025-26).

    An integer column rather than the text "2025-26": it sorts and compares as years do, so
    "from 2024-25 on" is `year__gte=FinancialYear(2024)` and the next year is `F(...) + 1`,
    there is no second spelling ("2025/26") to drift into the data, and it takes two bytes.
    Reads give `FinancialYear` objects; writes and lookups take one, its start year, or text.
    """

    description = _("Financial year")

    def get_internal_type(self):
        return "PositiveSmallIntegerField"

    def from_db_value(self, value, expression, connection):
        return None if value is None else FinancialYear(value)

    def to_python(self, value):
        try:
            return _to_financial_year(value)
        except (TypeError, ValueError) as exc:
            message = exc.args[0] if isinstance(exc, ValueError) else FORMAT_MESSAGE
            raise ValidationError(message, code="invalid") from exc

    def get_prep_value(self, value):
        value = _to_financial_year(super().get_prep_value(value))
        return None if value is None else value.start_year

    def value_to_string(self, obj):
        value = self.value_from_object(obj)
        return "" if value is None else str(value)

    def formfield(self, **kwargs):
        return super().formfield(**{"form_class": FinancialYearFormField, **kwargs})


class FinancialYearFormField(forms.CharField):
    """A text input for a financial year such as 2025-26, with GOV.UK-style messages.

    `first` and `last` (FinancialYear) limit the years accepted.
    """

    default_error_messages = {
        "invalid": FORMAT_MESSAGE,
        "too_early": _("Enter %(first)s or a later financial year"),
        "too_late": _("Enter %(last)s or an earlier financial year"),
    }

    def __init__(self, *, first=None, last=None, **kwargs):
        self.first, self.last = first, last
        # No max_length: its validator would measure the cleaned FinancialYear, not the text.
        kwargs.pop("max_length", None)
        super().__init__(**kwargs)

    def widget_attrs(self, widget):
        return {**super().widget_attrs(widget), "spellcheck": "false", "autocomplete": "off"}

    def prepare_value(self, value):
        if isinstance(value, FinancialYear):
            return str(value)
        if isinstance(value, int) and not isinstance(value, bool):
            return str(FinancialYear(value))
        return value

    def to_python(self, value):
        if isinstance(value, FinancialYear):
            return value
        value = super().to_python(value)
        if value in self.empty_values:
            return None
        try:
            return FinancialYear.parse(value)
        except ValueError as exc:
            raise ValidationError(exc.args[0], code="invalid") from exc

    def validate(self, value):
        super().validate(value)
        if value is None:
            return
        if self.first is not None and value < self.first:
            raise ValidationError(
                self.error_messages["too_early"], code="too_early", params={"first": self.first}
            )
        if self.last is not None and value > self.last:
            raise ValidationError(
                self.error_messages["too_late"], code="too_late", params={"last": self.last}
            )
