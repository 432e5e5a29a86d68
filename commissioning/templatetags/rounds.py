"""`{% load rounds %}{{ round.closes_at|deadline }}`: "midday on Tuesday 3 March 2026", the
London time of a round's instant with its weekday (core.london_time's words)."""

from django import template
from django.utils import formats
from django.utils.translation import gettext

from core.london_time import LONDON, time_for_people

register = template.Library()


@register.filter
def deadline(moment):
    if moment is None:
        return ""
    local = moment.astimezone(LONDON)
    return gettext("%(time)s on %(date)s") % {
        "time": time_for_people(local.time()),
        "date": formats.date_format(local.date(), "l j F Y"),
    }
