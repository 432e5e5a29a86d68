"""Moments entered and shown in London time, stored in UTC: `LondonDateTimeField`.

    class Round(models.Model):
        closes_at = LondonDateTimeField(_("closing time"))

On a form it is the GOV.UK date input with a fourth box for the time ("14:30", "2:30pm",
"midday"). A person types London wall-clock time; the database keeps the moment in UTC
(timestamptz), and pages show it in London time again (`{% load london_time %}
{{ round.closes_at|london_datetime }}` -> "2:30pm on 29 March 2026").

Twice a year a wall-clock time is not one moment: on the last Sunday in March the clocks go
forward at 1am, so 1:00-1:59am do not exist; on the last Sunday in October they go back at
2am, so 1:00-1:59am happen twice. Guessing would move a deadline by an hour, so the field
refuses both, says why, and suggests the nearest time that is one moment.
"""

import datetime
import re
from zoneinfo import ZoneInfo

from django import forms
from django.core.exceptions import ValidationError
from django.db import models
from django.utils import formats
from django.utils.translation import gettext
from django.utils.translation import gettext_lazy as _

from core.forms.fields import DATE_PART_LABELS, DATE_PARTS, GovukDateField, GovukDateInput

LONDON = ZoneInfo("Europe/London")
TIME_PARTS = (*DATE_PARTS, "time")
# How far to look for the nearest time that is one moment: the gap and overlap last an hour.
_SEARCH_MINUTES = 180


class LocalTimeError(ValueError):
    """A London wall-clock time that is not exactly one moment."""

    def __init__(self, local: datetime.datetime, suggestion: datetime.datetime):
        super().__init__(f"{local:%Y-%m-%d %H:%M} is not one moment in London")
        self.local = local
        self.suggestion = suggestion


class LocalTimeMissingError(LocalTimeError):
    """The clocks went forward past it (spring)."""


class LocalTimeRepeatedError(LocalTimeError):
    """It happened twice as the clocks went back (autumn)."""


def _kind(local: datetime.datetime) -> str:
    """ "one", "missing" or "repeated" for a naive London wall-clock time."""
    first = local.replace(tzinfo=LONDON, fold=0)
    second = local.replace(tzinfo=LONDON, fold=1)
    if first.utcoffset() == second.utcoffset():
        return "one"
    back = first.astimezone(datetime.UTC).astimezone(LONDON).replace(tzinfo=None)
    return "missing" if back != local else "repeated"


def nearest_single_moment(local: datetime.datetime) -> datetime.datetime:
    """The wall-clock time nearest `local` (minute by minute) that is exactly one moment."""
    for minutes in range(_SEARCH_MINUTES + 1):
        # The later time first on a tie: after a spring gap, the time the clocks jumped to.
        for candidate in (
            local + datetime.timedelta(minutes=minutes),
            local - datetime.timedelta(minutes=minutes),
        ):
            if _kind(candidate) == "one":
                return candidate
    raise AssertionError(f"no single moment within {_SEARCH_MINUTES} minutes of {local}")


def london_datetime(day: datetime.date, time: datetime.time) -> datetime.datetime:
    """The aware moment of a London date and wall-clock time, or LocalTimeMissingError/Repeated."""
    local = datetime.datetime.combine(day, time.replace(tzinfo=None, fold=0))
    kind = _kind(local)
    if kind == "missing":
        raise LocalTimeMissingError(local, nearest_single_moment(local))
    if kind == "repeated":
        raise LocalTimeRepeatedError(local, nearest_single_moment(local))
    return local.replace(tzinfo=LONDON)


# --- Words for people ----------------------------------------------------------------------


def time_for_people(time: datetime.time) -> str:
    """GOV.UK style: "9am", "2:30pm", "midday", "midnight"."""
    if (time.hour, time.minute) == (0, 0):
        return gettext("midnight")
    if (time.hour, time.minute) == (12, 0):
        return gettext("midday")
    hour = time.hour % 12 or 12
    suffix = "am" if time.hour < 12 else "pm"
    return f"{hour}{suffix}" if time.minute == 0 else f"{hour}:{time.minute:02d}{suffix}"


def date_for_people(day: datetime.date) -> str:
    """ "29 March 2026", with the month in the active language."""
    return formats.date_format(day, "j F Y")


def london_datetime_for_people(moment: datetime.datetime) -> str:
    """An aware moment in London time: "2:30pm on 29 March 2026"."""
    local = moment.astimezone(LONDON)
    return gettext("%(time)s on %(date)s") % {
        "time": time_for_people(local.time()),
        "date": date_for_people(local.date()),
    }


_TIME = re.compile(
    r"^(?P<hour>\d{1,2})(?:[:.](?P<minute>\d{2}))?\s*(?P<suffix>am|pm|a\.m\.|p\.m\.)?$"
)


def parse_time(text: str) -> datetime.time | None:
    """A time as people type it: "14:30", "2:30pm", "2pm", "9.15am", "midday", "midnight"."""
    text = text.strip().lower()
    if text in ("midday", "noon", "12 noon"):
        return datetime.time(12, 0)
    if text == "midnight":
        return datetime.time(0, 0)
    match = _TIME.match(text)
    if match is None:
        return None
    hour, minute = int(match["hour"]), int(match["minute"] or 0)
    suffix = (match["suffix"] or "").replace(".", "")
    if suffix:
        if not 1 <= hour <= 12:
            return None
        hour = hour % 12 + (12 if suffix == "pm" else 0)
    elif match["minute"] is None:
        return None  # "14" alone: say which minute
    if not (0 <= hour <= 23 and 0 <= minute <= 59):
        return None
    return datetime.time(hour, minute)


# --- Forms ---------------------------------------------------------------------------------


class LondonDateTimeInput(GovukDateInput):
    """The GOV.UK date input plus a box for the time, shown in London time."""

    parts = TIME_PARTS
    part_labels = {**DATE_PART_LABELS, "time": _("Time")}
    part_widths = {"day": 2, "month": 2, "year": 4, "time": 5}
    part_inputmodes = {"time": "text"}

    def decompress(self, value):
        if value:
            local = value.astimezone(LONDON) if value.tzinfo else value
            time = f"{local.hour:02d}:{local.minute:02d}"
            return [str(local.day), str(local.month), str(local.year), time]
        return [None, None, None, None]


class LondonDateTimeFormField(GovukDateField):
    """A London date and time; cleans to an aware datetime (the one moment it names)."""

    widget = LondonDateTimeInput
    default_error_messages = {
        **GovukDateField.default_error_messages,
        "incomplete_date": _("%(label)s must include a date"),
        "incomplete_time": _("%(label)s must include a time"),
        "invalid_time": _("Enter a time, like 9:30am or 14:30"),
        "missing": _(
            "The clocks go forward on %(date)s, so %(time)s does not happen that day. "
            "Enter %(suggestion)s, the nearest time that does"
        ),
        "repeated": _(
            "The clocks go back on %(date)s, so %(time)s happens twice that day. "
            "Enter %(suggestion)s, the nearest time that happens once"
        ),
    }

    def __init__(self, **kwargs):
        super().__init__(**kwargs)
        # The fourth box, beside GovukDateField's three.
        self.fields = (*self.fields, forms.CharField(required=False))

    def clean(self, value):
        if isinstance(value, datetime.datetime):  # a disabled field gives back its initial
            return value
        typed = [(part or "").strip() for part in (value or ["", "", "", ""])]
        typed += [""] * (len(TIME_PARTS) - len(typed))
        if not any(typed):
            if self.required:
                raise self._error("required", TIME_PARTS)
            return None
        if not any(typed[:3]):
            raise self._error("incomplete_date", DATE_PARTS)
        day = self.clean_date(typed[:3])
        if not typed[3]:
            raise self._error("incomplete_time", ["time"])
        time = parse_time(typed[3])
        if time is None:
            raise self._error("invalid_time", ["time"])
        try:
            moment = london_datetime(day, time)
        except LocalTimeError as error:
            code = "missing" if isinstance(error, LocalTimeMissingError) else "repeated"
            raise self._error(
                code,
                ["time"],
                date=date_for_people(day),
                time=time_for_people(time),
                suggestion=time_for_people(error.suggestion.time()),
            ) from None
        self.run_validators(moment)
        return moment

    def has_changed(self, initial, data):
        if self.disabled:
            return False
        try:
            return self.clean(data) != initial
        except ValidationError:
            return True


# --- Models --------------------------------------------------------------------------------


class LondonDateTimeField(models.DateTimeField):
    """A moment: stored in UTC, entered and shown in London time; a naive value is refused.

    Django would guess the time zone of a naive datetime (with a warning); a deadline an hour
    out is worse than an error, so it raises instead.
    """

    def get_prep_value(self, value):
        value = self.to_python(value)
        if isinstance(value, datetime.datetime) and value.tzinfo is None:
            raise ValueError(
                f"{self.name}: a naive datetime ({value}) could be either of two moments; "
                "give an aware one (core.london_time.london_datetime)"
            )
        return super().get_prep_value(value)

    def formfield(self, **kwargs):
        return super().formfield(**{"form_class": LondonDateTimeFormField, **kwargs})
