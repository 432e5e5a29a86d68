"""What the plans services refuse, each with a message the person can act on.

Names say what happened (docs/architecture.md: `PlanFrozen`), hence no "Error" suffix.
"""

# ruff: noqa: N818
from core.errors import ApplicationError, NotAllowed


class RoleRequired(NotAllowed):
    """The person's role for the plan's body does not allow this (views answer 403)."""


class TransitionRefused(ApplicationError):
    pass


class PlanFrozen(ApplicationError):
    pass


class ConsultationIncomplete(ApplicationError):
    """`extra["problems"]` lists every missing piece, so all can be shown at once."""


class ConsultationClosed(ApplicationError):
    pass


class PanelReportIncomplete(ApplicationError):
    pass


class RecommendationUnanswered(ApplicationError):
    pass


class YearsAlreadyCovered(ApplicationError):
    pass


class VariationInProgress(ApplicationError):
    pass


class NotInPlan(ApplicationError):
    """An object named in the request belongs to another plan."""


class PlanPeriodInvalid(ApplicationError):
    pass
