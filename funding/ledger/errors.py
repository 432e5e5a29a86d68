"""What the ledger refuses, each with a message a person can act on and the figures behind it
in `extra` (so a caller such as commissioning can show or log them)."""

# ruff: noqa: N818
from core.errors import ApplicationError


class LedgerRefused(ApplicationError):
    """The base of every ledger refusal."""


class RoleRequired(LedgerRefused):
    """The person's role for the body does not allow this (views answer 403)."""


class BudgetExceeded(LedgerRefused):
    """More than a budget has left. `extra`: budget, requested, remaining."""


class RingFenced(LedgerRefused):
    """Money from a ring-fenced stream asked to do what its ring-fence forbids."""


class AllocationExceeded(LedgerRefused):
    """Budgets would draw more from an allocation than it holds. `extra`: allocation,
    requested, undrawn."""


class CommitmentExceeded(LedgerRefused):
    """More released, paid, decommitted or recovered than the commitment allows."""


class DecisionLimitExceeded(LedgerRefused):
    """Above the decision maker's delegated financial limit."""


class AlreadyPublished(LedgerRefused):
    pass


class YearClosed(LedgerRefused):
    """An entry dated in a financial year the body has closed (funding.yearend)."""


class YearAlreadyClosed(LedgerRefused):
    """The year is closed already: closing it again does nothing."""
