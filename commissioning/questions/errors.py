"""What the question builder refuses, each with a message the person can act on."""

# ruff: noqa: N818
from core.errors import ApplicationError


class QuestionsFrozen(ApplicationError):
    """The round is scheduled (or later): its questions and criteria no longer change."""


class QuestionSettingsInvalid(ApplicationError):
    """`extra["field"]` names the setting at fault, so a form can show it there."""


class QuestionsNotReady(ApplicationError):
    """The round cannot be scheduled yet; `extra["problems"]` lists every reason."""


class CopyRefused(ApplicationError):
    pass


class NotInRound(ApplicationError):
    """An object named in the request belongs to another round."""
