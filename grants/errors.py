"""What the grants' services refuse (core.errors.ApplicationError: `message` is for people)."""

# ruff: noqa: N818

from core.errors import ApplicationError, NotAllowed


class GrantsRoleRequired(NotAllowed):
    """The person's role (or organisation) does not allow this."""


class AwardRefused(ApplicationError):
    """A rule of the award said no; `extra["problems"]` may list several."""


class TransitionRefused(AwardRefused):
    """The award cannot move from its status to the one asked for."""


class ReleaseBlocked(ApplicationError):
    """An instalment's conditions do not hold; `extra["blockers"]` names each (and
    `extra["problems"]`, as every refusal lists them for a form)."""

    def __init__(self, message, *, blockers):
        super().__init__(message, blockers=blockers, problems=blockers)


class PaymentRefused(ApplicationError):
    """The payment cannot be recorded as given."""
