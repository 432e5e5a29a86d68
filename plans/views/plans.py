"""The office's and the panel's pages for plans: the list and one plan."""

from django.shortcuts import render
from django.utils.translation import gettext_lazy as _
from django.views.decorators.http import require_safe

from core.access import has_role
from core.models import Role
from plans import rules, selectors
from plans.deadlines import plan_deadline_for
from plans.models import TRANSITIONS, PlanStatus
from plans.services import consultation_problems
from plans.views._common import plan_page, readers_only
from plans.views.reading import plan_reading_context


@require_safe
@readers_only
def plan_list(request):
    plans = list(selectors.plan_list_visible_to(user=request.user))
    office = rules.holds(request.user, request.policing_body, rules.OFFICE)
    return render(
        request,
        "plans/plan_list.html",
        {
            "body": request.policing_body,
            "office": office,
            "in_progress": [p for p in plans if p.is_editable],
            "published": [p for p in plans if p.status == PlanStatus.PUBLISHED],
            "superseded": [p for p in plans if p.status == PlanStatus.SUPERSEDED],
            "deadline": plan_deadline_for(body=request.policing_body) if office else None,
            "can_create": rules.holds(request.user, request.policing_body, rules.EDITORS),
        },
    )


MOVE_LABELS = {
    PlanStatus.CONSULTATION: _("Open the consultation"),
    PlanStatus.PANEL_REVIEW: _("Send to the police and crime panel"),
    PlanStatus.PUBLISHED: _("Publish the plan"),
}


def _moves(user, plan):
    """The moves this person may offer from here; superseding happens only by publishing."""
    return [
        (to, MOVE_LABELS[to])
        for to in TRANSITIONS[PlanStatus(plan.status)]
        if to in MOVE_LABELS and rules.can_move(user, plan, to)
    ]


@require_safe
@plan_page
def plan_detail(request, plan):
    user = request.user
    context = plan_reading_context(plan, versions=selectors.plan_versions(plan=plan, user=user))
    office = rules.is_office(user, plan)
    context.update(
        {
            "office": office,
            "panel_member": has_role(user, plan.body, Role.PANEL_MEMBER),
            "can_edit": rules.can_edit(user, plan),
            "priority_actions_template": (
                "plans/includes/priority_actions.html" if rules.can_edit(user, plan) else None
            ),
            "can_write_report": rules.can_write_panel_report(user, plan),
            "can_respond": rules.can_respond(user, plan),
            "can_vary": rules.can_vary(user, plan),
            "can_run_consultation": rules.can_run_consultation(user, plan),
            "moves": _moves(user, plan),
            "transitions": list(plan.transitions.select_related("by")),
            # The statutory deadline concerns a new plan still being made.
            "deadline": (
                plan_deadline_for(body=plan.body)
                if plan.is_editable and not plan.is_variation
                else None
            ),
        }
    )
    if any(to == PlanStatus.CONSULTATION for to, _label in context["moves"]):
        # Said before the button is pressed, not as an error after it.
        consultation = plan.consultation
        context["consultation_needs_dates"] = (
            consultation.opens_on is None or consultation.closes_on is None
        )
    if office:
        context["responses_count"] = plan.consultation_responses.count()
        if plan.status == PlanStatus.CONSULTATION:
            context["consultation_problems"] = consultation_problems(plan.consultation)
    return render(request, "plans/plan_detail.html", context)
