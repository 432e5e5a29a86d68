"""Who may do what to a round: one place for services, views and templates to ask.

The lead body decides; staff of a partner body read the round (and later its bids and
moderation) but change nothing; anyone else's staff see only what the public sees.
"""

from commissioning.models import PUBLISHED_STATUSES, RoundStatus
from core.access import has_role, user_memberships
from core.models import Role

EDITORS = frozenset({Role.COMMISSIONING_OFFICER, Role.DECISION_MAKER})
OFFICE = frozenset({Role.COMMISSIONING_OFFICER, Role.FINANCE_OFFICER, Role.DECISION_MAKER})

# Who may move a round to each status (commissioning.models.TRANSITIONS says from where).
WHO_MAY_MOVE_TO = {
    RoundStatus.DRAFT: EDITORS,
    RoundStatus.SCHEDULED: EDITORS,
    RoundStatus.OPEN: EDITORS,
    RoundStatus.CLOSED: EDITORS,
    RoundStatus.ASSESSING: EDITORS,
    RoundStatus.DECIDED: frozenset({Role.DECISION_MAKER}),
    RoundStatus.CANCELLED: EDITORS,
}


def office_body_ids(user) -> set[int]:
    return {m.body_id for m in user_memberships(user) if m.role in OFFICE}


def is_lead_office(user, round_) -> bool:
    return has_role(user, round_.lead_body, *OFFICE)


def is_partner_office(user, round_) -> bool:
    bodies = office_body_ids(user)
    return bool(bodies) and round_.partner_bodies.filter(pk__in=bodies).exists()


def can_read_office(user, round_) -> bool:
    """The office's pages of a round: its lead body's and partner bodies' staff."""
    return is_lead_office(user, round_) or is_partner_office(user, round_)


def can_read_public(user, round_) -> bool:
    return round_.status in PUBLISHED_STATUSES or can_read_office(user, round_)


def can_edit(user, round_) -> bool:
    return has_role(user, round_.lead_body, *EDITORS)


def can_move(user, round_, to) -> bool:
    return has_role(user, round_.lead_body, *WHO_MAY_MOVE_TO.get(to, ()))
