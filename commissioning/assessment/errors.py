"""What the assessment services refuse, each with a message the person can act on."""

# ruff: noqa: N818
from core.errors import ApplicationError, NotAllowed


class AssessmentRoleRequired(NotAllowed):
    """The person's role does not allow this (views answer 403)."""


class AssignmentRefused(ApplicationError):
    """The assessor cannot be put on this bid: `extra["reason"]` says why."""


class DeclarationRequired(ApplicationError):
    """The person has not yet declared their interests on the bid."""


class DeclarationRefused(ApplicationError):
    pass


class ScoringRefused(ApplicationError):
    """`extra["problems"]` maps a criterion's id to what is missing, so each can be shown."""


class ModerationRefused(ApplicationError):
    pass
