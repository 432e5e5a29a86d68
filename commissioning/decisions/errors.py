"""What the decision services refuse, each with a message the person can act on."""

# ruff: noqa: N818
from core.errors import ApplicationError, NotAllowed


class DecisionRoleRequired(NotAllowed):
    """The person's role does not allow this (views answer 403)."""


class DecisionRefused(ApplicationError):
    """A rule said no; `extra` may hold `problems` (a list of messages) to show together."""


class DecisionBarred(DecisionRefused):
    """The person assessed or moderated a bid the decision covers, or declared a conflict."""


class OverFinancialLimit(DecisionRefused):
    """The decision's successful total is above the decision maker's limit. `extra`: total,
    limit."""
