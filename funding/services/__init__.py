"""Writes and rules for funding. Budgets and the ledger (funding.services.ledger and
funding.services.budgets) are re-exported here: `from funding import services`."""

from funding.services.budgets import (
    allocation_change_problem,
    budget_create,
    budget_update,
    budgets_publish,
    contribution_add,
    contribution_receive,
    funding_line_set,
    funding_settings_update,
)
from funding.services.ledger import (
    BudgetAmount,
    commitment_decommit,
    commitment_record,
    payment_pay,
    payment_record,
    payment_recover,
    payment_release,
    reservation_cancel,
    reservation_commit,
    reserve,
    virement_approve,
    virement_refuse,
    virement_request,
)

__all__ = [
    "BudgetAmount",
    "allocation_change_problem",
    "budget_create",
    "budget_update",
    "budgets_publish",
    "commitment_decommit",
    "commitment_record",
    "contribution_add",
    "contribution_receive",
    "funding_line_set",
    "funding_settings_update",
    "payment_pay",
    "payment_record",
    "payment_recover",
    "payment_release",
    "reservation_cancel",
    "reservation_commit",
    "reserve",
    "virement_approve",
    "virement_refuse",
    "virement_request",
]
