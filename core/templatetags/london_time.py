"""`{% load london_time %}{{ moment|london_datetime }}`: "2:30pm on 29 March 2026" (London time)."""

from django import template

from core.london_time import london_datetime_for_people

register = template.Library()


@register.filter
def london_datetime(moment):
    """A moment in London time, GOV.UK style; nothing for a missing one."""
    if moment in (None, ""):
        return ""
    return london_datetime_for_people(moment)
