"""Who may do what to a plan: one place for services, views and templates to ask."""

from core.access import has_role
from core.models import Role
from plans.models import EDITABLE_STATUSES, FROZEN_STATUSES, PlanStatus

# Those who draft and edit plans, record consultation and may type the panel's report in.
EDITORS = frozenset({Role.COMMISSIONING_OFFICER, Role.DECISION_MAKER})
OFFICE = frozenset({Role.COMMISSIONING_OFFICER, Role.FINANCE_OFFICER, Role.DECISION_MAKER})
DECIDERS = frozenset({Role.DECISION_MAKER})
PANEL = frozenset({Role.PANEL_MEMBER})
# The panel writes its own report; the office may enter it on the panel's behalf.
PANEL_WRITERS = PANEL | EDITORS
# Everyone with a private view of a body's plans.
READERS = OFFICE | PANEL

# Who may move a plan to each status (plans.models.TRANSITIONS says from where).
WHO_MAY_MOVE_TO = {
    PlanStatus.CONSULTATION: EDITORS,
    PlanStatus.PANEL_REVIEW: DECIDERS,
    PlanStatus.PUBLISHED: DECIDERS,
    PlanStatus.SUPERSEDED: DECIDERS,
}


def holds(user, body, roles) -> bool:
    return has_role(user, body, *roles)


def is_office(user, plan) -> bool:
    return holds(user, plan.body, OFFICE)


def can_read(user, plan) -> bool:
    """The same rule as plans.selectors.plan_list_visible_to, for one plan in hand."""
    if plan.status in FROZEN_STATUSES:
        return True
    if holds(user, plan.body, OFFICE):
        return True
    return plan.status == PlanStatus.PANEL_REVIEW and holds(user, plan.body, PANEL)


def can_edit(user, plan) -> bool:
    return plan.status in EDITABLE_STATUSES and holds(user, plan.body, EDITORS)


def can_run_consultation(user, plan) -> bool:
    return (
        plan.status in (PlanStatus.DRAFT, PlanStatus.CONSULTATION)
        and holds(user, plan.body, EDITORS)
        and not plan.consultation.is_closed
    )


def can_write_panel_report(user, plan) -> bool:
    return (
        plan.status == PlanStatus.PANEL_REVIEW
        and holds(user, plan.body, PANEL_WRITERS)
        and not plan.panel_report.is_submitted
    )


def can_respond(user, plan) -> bool:
    return (
        plan.status == PlanStatus.PANEL_REVIEW
        and holds(user, plan.body, DECIDERS)
        and plan.panel_report.is_submitted
    )


def can_move(user, plan, to) -> bool:
    return holds(user, plan.body, WHO_MAY_MOVE_TO.get(to, ()))


def can_vary(user, plan) -> bool:
    return plan.status == PlanStatus.PUBLISHED and holds(user, plan.body, EDITORS)
