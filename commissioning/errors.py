"""What the commissioning services refuse, each with a message the person can act on."""

# ruff: noqa: N818
from core.errors import ApplicationError


class RoleRequired(ApplicationError):
    """The person's role for the round's lead body does not allow this (views answer 403)."""


class TransitionRefused(ApplicationError):
    pass


class RoundIncomplete(ApplicationError):
    """`extra["problems"]` lists every missing piece, so all can be shown at once."""


class NationalServiceRefused(ApplicationError):
    """A service category the round funds is commissioned nationally on its opening date."""


class RoundNotEditable(ApplicationError):
    pass


class ExtensionRefused(ApplicationError):
    pass


class RoundNotOpen(ApplicationError):
    pass


class RoundSettingsInvalid(ApplicationError):
    pass


class ClarificationRefused(ApplicationError):
    pass
