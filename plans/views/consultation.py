"""The consultation: the office records responses and writes the summary; never public."""

from django.contrib import messages
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext_lazy as _
from django.views.decorators.http import require_safe

from core.forms import ConfirmForm
from core.pages import posted
from plans import rules, services
from plans.forms import (
    ConsultationResponseForm,
    ConsultationScheduleForm,
    ConsultationSummaryForm,
)
from plans.models import PlanStatus
from plans.selectors import consultation_responses_for
from plans.views._common import form_page, plan_page, require
from plans.views.editing import FORM_METHODS


def _page(plan):
    return reverse("plans:consultation", args=[plan.pk])


def _may_run(request, plan, *, statuses):
    """Editors only (403); outside `statuses`, or once closed, back with the reason."""
    require(rules.holds(request.user, plan.body, rules.EDITORS))
    if plan.status not in statuses or plan.consultation.is_closed:
        messages.error(request, _("The consultation on this plan is not open for changes."))
        return False
    return True


@require_safe
@plan_page
def consultation(request, plan):
    """Everything about the consultation, responses included: the body's office only."""
    require(rules.is_office(request.user, plan))
    context = {
        "plan": plan,
        "consultation": plan.consultation,
        "responses": list(consultation_responses_for(plan=plan, user=request.user)),
        "can_run": rules.can_run_consultation(request.user, plan),
        "is_open": plan.status == PlanStatus.CONSULTATION and not plan.consultation.is_closed,
    }
    if context["is_open"]:
        context["problems"] = services.consultation_problems(plan.consultation)
    return render(request, "plans/consultation.html", context)


@FORM_METHODS
@plan_page
def consultation_schedule(request, plan):
    if not _may_run(request, plan, statuses=(PlanStatus.DRAFT, PlanStatus.CONSULTATION)):
        return redirect(_page(plan))
    held = plan.consultation
    initial = {
        "opens_on": held.opens_on,
        "closes_on": held.closes_on,
        "public_consultation": "yes" if held.public_consultation else "no",
        "public_skipped_reason": held.public_skipped_reason,
    }
    form = ConsultationScheduleForm(
        posted(request), initial=initial, cancel=_page(plan), variation=plan.is_variation
    )
    return form_page(
        request,
        form,
        plan=plan,
        title=_("When the consultation runs"),
        save=lambda data: services.consultation_schedule(
            plan=plan,
            by=request.user,
            opens_on=data["opens_on"],
            closes_on=data["closes_on"],
            public_consultation=data.get("public_consultation", True),
            public_skipped_reason=data.get("public_skipped_reason", ""),
        ),
        done=_page(plan),
        success=_("Consultation dates saved."),
    )


@FORM_METHODS
@plan_page
def response_add(request, plan):
    if not _may_run(request, plan, statuses=(PlanStatus.CONSULTATION,)):
        return redirect(_page(plan))
    form = ConsultationResponseForm(
        posted(request), initial={"received_on": timezone.localdate()}, cancel=_page(plan)
    )
    return form_page(
        request,
        form,
        plan=plan,
        title=_("Record a response"),
        save=lambda data: services.consultation_response_record(plan=plan, by=request.user, **data),
        done=_page(plan),
        success=_("Response recorded."),
    )


@FORM_METHODS
@plan_page
def consultation_summary(request, plan):
    if not _may_run(request, plan, statuses=(PlanStatus.CONSULTATION,)):
        return redirect(_page(plan))
    held = plan.consultation
    form = ConsultationSummaryForm(
        posted(request),
        initial={"summary": held.summary, "victims_absence_reason": held.victims_absence_reason},
        cancel=_page(plan),
    )
    return form_page(
        request,
        form,
        plan=plan,
        title=_("Summary of the responses"),
        save=lambda data: services.consultation_summarise(plan=plan, by=request.user, **data),
        done=_page(plan),
        success=_("Summary saved."),
    )


@FORM_METHODS
@plan_page
def consultation_close(request, plan):
    if not _may_run(request, plan, statuses=(PlanStatus.CONSULTATION,)):
        return redirect(_page(plan))
    form = ConfirmForm(
        posted(request), button=_("Close the consultation"), warning=True, cancel_url=_page(plan)
    )
    return form_page(
        request,
        form,
        plan=plan,
        title=_("Close the consultation"),
        lead=_(
            "No more responses can be recorded once it closes, and the summary is final. A "
            "decision maker can then send the plan to the police and crime panel."
        ),
        save=lambda data: services.consultation_close(plan=plan, by=request.user),
        done=reverse("plans:detail", args=[plan.pk]),
        success=_("The consultation is closed."),
    )
