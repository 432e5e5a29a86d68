"""Who may do what with a monitoring return.

The organisation's administrators and editors type and submit its returns (viewers read
them); the awarding body's commissioning officers and decision makers accept them or return
them for changes (its finance officers read them); nobody else sees them.
"""

from grants import rules as grant_rules
from providers.models import MemberRole, OrganisationMember

WRITERS = (MemberRole.ADMINISTRATOR, MemberRole.EDITOR)


def can_write(user, organisation) -> bool:
    if user is None or not user.is_authenticated:
        return False
    return OrganisationMember.objects.filter(
        organisation=organisation, user=user, role__in=WRITERS
    ).exists()


def can_review(user, body) -> bool:
    return grant_rules.can_edit(user, body)


def can_read(user, award) -> bool:
    return grant_rules.can_read(user, award.body) or grant_rules.is_member(user, award.organisation)
