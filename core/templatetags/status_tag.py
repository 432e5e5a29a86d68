"""`{% load status_tag %}{% status_tag plan.status "PlanStatus" %}`: a status as a GOV.UK tag,
in the colour its TextChoices gives it (core/status_tags.py)."""

from django import template
from django.utils.html import format_html

from core.status_tags import status_tag_parts

register = template.Library()


@register.simple_tag
def status_tag(value, choices_name):
    label, colour = status_tag_parts(value, choices_name)
    return format_html('<strong class="govuk-tag govuk-tag--{}">{}</strong>', colour, label)
