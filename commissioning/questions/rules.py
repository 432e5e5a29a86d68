"""Who may build a round's questions and who may read them: one place to ask."""

from django.utils.translation import gettext_lazy as _

from commissioning.questions.errors import QuestionsFrozen  # noqa: F401 (re-exported)
from core.access import has_role
from core.errors import ApplicationError
from core.models import Role

# The lead body's officers build the questions; its office and partners' offices read them.
BUILDERS = frozenset({Role.COMMISSIONING_OFFICER, Role.DECISION_MAKER})


class BuilderRoleRequired(ApplicationError):  # noqa: N818
    """The person's role for the round's lead body does not allow this (views answer 403)."""


def can_build(user, round_) -> bool:
    return has_role(user, round_.lead_body, *BUILDERS)


def require_role(by, round_, roles) -> None:
    if not has_role(by, round_.lead_body, *roles):
        raise BuilderRoleRequired(_("Your role does not allow you to do this."))
