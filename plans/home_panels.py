"""Home-page panels: the office's plan and its deadline; plans waiting for the panel."""

from django.utils.translation import gettext_lazy as _

from core.access import staff_body, user_memberships
from core.home import HomePanel, register_home_panel
from core.models import Role
from plans.deadlines import plan_deadline_for
from plans.models import Plan, PlanStatus
from plans.selectors import plan_current_for


@register_home_panel(order=50)
def plan_deadline(request):
    """For office staff: the current plan, the deadline, and the versions in progress.

    Flags the deadline when it is 60 days away or less, or has passed, with no plan
    published for the term. A handful of queries, whatever the number of plans.
    """
    body = staff_body(request.user)
    if body is None:
        return None
    in_progress = list(
        Plan.objects.in_progress().filter(body=body).order_by("-first_year", "-version")
    )
    return HomePanel(
        _("Police and crime plan"),
        "plans/panels/plan_deadline.html",
        {
            "deadline": plan_deadline_for(body=body),
            "current": plan_current_for(body=body),
            "in_progress": in_progress,
        },
    )


@register_home_panel(order=55)
def plans_with_the_panel(request):
    """For panel members: drafts waiting for the panel's report."""
    bodies = [m.body_id for m in user_memberships(request.user) if m.role == Role.PANEL_MEMBER]
    if not bodies:
        return None
    waiting = list(
        Plan.objects.filter(body_id__in=bodies, status=PlanStatus.PANEL_REVIEW)
        .select_related("body", "panel_report")
        .order_by("body__police_area", "-version")
    )
    return HomePanel(
        _("Plans with the police and crime panel"),
        "plans/panels/with_the_panel.html",
        {"plans": waiting},
    )
