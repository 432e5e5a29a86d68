"""`{% load bilingual %}{{ round|in_language:"title" }}`: the page's language's version."""

from django import template

from core.bilingual import in_language as _in_language

register = template.Library()


@register.filter
def in_language(obj, field):
    if obj in (None, ""):
        return ""
    return _in_language(obj, field)
