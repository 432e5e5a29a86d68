"""`{% load money %}{{ amount|money }}` shows a Decimal as "£1,234.50" (see core.money)."""

from django import template

from core.money import format_money

register = template.Library()


@register.filter(is_safe=True)
def money(amount):
    """'£1,234.50'; nothing for a missing amount. A float is an error, as everywhere."""
    if amount is None or amount == "":
        return ""
    return format_money(amount)
