"""Who may do what with an award: one place for services, views and templates to ask.

Office staff of the awarding body read its awards (other bodies' staff: nothing);
commissioning officers and decision makers make awards, set their schedules and send offers;
finance officers release and pay instalments and record recoveries received; decision
makers terminate grants; the organisation's administrators accept or
decline an offer, and every member of the organisation reads its grants.
"""

from core.access import has_role
from core.models import Role
from providers.models import MemberRole, OrganisationMember

OFFICE = frozenset({Role.COMMISSIONING_OFFICER, Role.FINANCE_OFFICER, Role.DECISION_MAKER})
EDITORS = frozenset({Role.COMMISSIONING_OFFICER, Role.DECISION_MAKER})


def can_read(user, body) -> bool:
    return has_role(user, body, *OFFICE)


def can_edit(user, body) -> bool:
    return has_role(user, body, *EDITORS)


def can_pay(user, body) -> bool:
    return has_role(user, body, Role.FINANCE_OFFICER)


def can_terminate(user, body) -> bool:
    """A decision maker ends a grant early (grants.closeout)."""
    return has_role(user, body, Role.DECISION_MAKER)


def can_answer_offer(user, organisation) -> bool:
    """An administrator of the organisation accepts or declines its offers."""
    if user is None or not user.is_authenticated:
        return False
    return OrganisationMember.objects.filter(
        organisation=organisation, user=user, role=MemberRole.ADMINISTRATOR
    ).exists()


def is_member(user, organisation) -> bool:
    if user is None or not user.is_authenticated:
        return False
    return OrganisationMember.objects.filter(organisation=organisation, user=user).exists()
