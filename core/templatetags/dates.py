"""Times as GOV.UK writes them: "10am", "10:30am", "midday", "midnight".

    {% load dates %}{{ moment|govuk_time }}        10:30am
    {{ moment|govuk_datetime }}                     3 April 2026 at 10:30am
    {{ moment|govuk_datetime:"j M Y" }}             3 Apr 2026 at 10:30am
    {{ day|govuk_date }}                            3 April 2026 (any `date` format:
                                                    {{ day|govuk_date:"j M" }})

Aware datetimes are shown in the service's time zone (London), as Django's `date` does.
"""

import datetime
from functools import lru_cache

from django import template
from django.utils import timezone
from django.utils.dateformat import format as date_format
from django.utils.translation import get_language, gettext, pgettext

register = template.Library()


def _local(value):
    if isinstance(value, datetime.datetime) and timezone.is_aware(value):
        return timezone.localtime(value)
    return value


def time_govuk(value) -> str:
    """'10am', '10:30am', '2:05pm', 'midday', 'midnight'."""
    value = _local(value)
    hour, minute = value.hour, value.minute
    if minute == 0 and hour == 12:
        return gettext("midday")
    if minute == 0 and hour == 0:
        return gettext("midnight")
    suffix = pgettext("time of day", "am") if hour < 12 else pgettext("time of day", "pm")
    clock = hour % 12 or 12
    return f"{clock}{suffix}" if minute == 0 else f"{clock}:{minute:02d}{suffix}"


@register.filter
def govuk_time(value):
    if value in (None, ""):
        return ""
    return time_govuk(value)


@lru_cache(maxsize=4096)
def _datetime_in(value, date_format_string, language, offset):
    # `language` and `offset` are part of the key, unused here: equal instants in two time
    # zones are equal keys, and the offset tells their wall-clock times apart.
    return gettext("%(date)s at %(time)s") % {
        "date": date_format(value, date_format_string),
        "time": time_govuk(value),
    }


@register.filter
def govuk_datetime(value, date_format_string="j F Y"):
    """Remembered per moment, format and language, as `govuk_date`: a list shows the same
    rounds' closing times on every request (the public listing: fifty a page)."""
    if value in (None, ""):
        return ""
    value = _local(value)
    offset = value.utcoffset() if isinstance(value, datetime.datetime) else None
    return _datetime_in(value, date_format_string, get_language(), offset)


@lru_cache(maxsize=4096)
def _date_in(value, date_format_string, language):
    # `language` is the active language the text is made in: part of the key, unused here.
    return date_format(value, date_format_string)


@register.filter
def govuk_date(value, date_format_string="j F Y"):
    """Django's `date`, remembered per day, format and language: a table of a hundred rows
    with a few dozen distinct dates formats each once (month names are looked up in the
    catalogue each time)."""
    if value in (None, ""):
        return ""
    return _date_in(_local(value), date_format_string, get_language())


@register.filter
def actor(value):
    """An audit trail's actor, for people to read (core.audit.actor_label)."""
    from core.audit import actor_label

    return actor_label(value)
