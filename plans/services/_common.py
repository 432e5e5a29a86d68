from django.utils.translation import gettext_lazy as _

from plans.errors import PlanFrozen, RoleRequired
from plans.models import EDITABLE_STATUSES, Plan
from plans.rules import holds


def plan_lock(plan: Plan) -> Plan:
    """The plan's row, locked until the transaction ends.

    Every write to a plan or its parts takes this lock first, so an edit and a publication
    of the same plan cannot interleave: whichever comes second sees the other's result.
    """
    return Plan.objects.select_for_update(of=("self",)).select_related("body").get(pk=plan.pk)


def require_role(by, body, roles, message=None) -> None:
    if not holds(by, body, roles):
        raise RoleRequired(message or _("Your role does not allow you to do this."))


def require_editable(plan: Plan) -> None:
    if plan.status not in EDITABLE_STATUSES:
        raise PlanFrozen(
            _("This version of the plan is %(status)s and can no longer be changed.")
            % {"status": plan.get_status_display().lower()}
        )
