"""The variations section of a grant's page, for the office (`{% award_variations award %}`)
and for the provider (`{% award_variations award mine=True %}`): the award's variations
with what each changes, and for an officer of an accepted grant the link to propose one."""

from django import template

from grants.variations import rules, selectors
from grants.variations.selectors import SENT_TO_PROVIDER

register = template.Library()


@register.inclusion_tag("grants/variations/_award_section.html", takes_context=True)
def award_variations(context, award, mine=False):
    """One query for the variations with their totals."""
    user = context["request"].user
    variations = selectors.variations_of_award(award)
    if mine:
        variations = variations.filter(status__in=SENT_TO_PROVIDER)
    return {
        "award": award,
        "variations": list(variations),
        "mine": mine,
        "can_propose": not mine
        and award.is_in_force
        and rules.can_propose(user, award.body)
        and not any(v.is_open for v in variations),
    }
