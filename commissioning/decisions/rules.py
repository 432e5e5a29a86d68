"""Who may do what with a decision: one place for services, views and templates to ask.

Commissioning officers and decision makers of the round's lead body draft and publish; a
finance officer records the chief finance officer's comment; only a decision maker approves.
The office of the lead body (and of partner bodies) reads decisions; the public reads the
published ones, without their exempt part.
"""

from commissioning.rules import EDITORS, OFFICE
from core.access import has_role
from core.models import Role


def can_draft(user, body) -> bool:
    return has_role(user, body, *EDITORS)


def can_comment(user, body) -> bool:
    return has_role(user, body, Role.FINANCE_OFFICER)


def can_approve(user, body) -> bool:
    return has_role(user, body, Role.DECISION_MAKER)


def can_publish(user, body) -> bool:
    return has_role(user, body, *EDITORS)


def can_read(user, body) -> bool:
    return has_role(user, body, *OFFICE)
