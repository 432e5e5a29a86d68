"""Who may do what with a variation: commissioning officers and decision makers of the
awarding body propose, send and withdraw them; only a decision maker approves or refuses;
the organisation's administrators accept or decline the letter (as they answer an offer)."""

from core.access import has_role
from core.models import Role
from grants.rules import can_answer_offer, can_edit, can_read, is_member

__all__ = ["can_answer", "can_decide", "can_propose", "can_read", "is_member"]


def can_propose(user, body) -> bool:
    return can_edit(user, body)


def can_decide(user, body) -> bool:
    return has_role(user, body, Role.DECISION_MAKER)


def can_answer(user, organisation) -> bool:
    return can_answer_offer(user, organisation)
