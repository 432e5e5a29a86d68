from django.utils.translation import gettext as _

from commissioning.errors import RoleRequired
from commissioning.models import Round
from commissioning.rules import can_edit


def round_lock(round_) -> Round:
    """The round's row, locked until the transaction ends (`SELECT ... FOR UPDATE`)."""
    return Round.objects.select_for_update().get(pk=round_.pk)


def require_editor(user, round_) -> None:
    if not can_edit(user, round_):
        raise RoleRequired(_("Your role does not allow you to do this."))
