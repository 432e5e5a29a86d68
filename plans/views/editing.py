"""Drafting a plan: its details, priorities, intended grants, links and documents; moving
it on; starting a variation. Each view resolves the plan for the person (404 for another
body's), checks the role (403), and calls one service."""

from django.contrib import messages
from django.http import Http404
from django.shortcuts import redirect
from django.urls import reverse
from django.utils.translation import gettext_lazy as _
from django.views.decorators.http import require_http_methods, require_POST

from core.errors import ApplicationError
from core.forms import ConfirmForm
from core.pages import editable_or_frozen, posted, posted_files
from plans import rules, services
from plans.forms import (
    AttachmentForm,
    IntendedGrantForm,
    LinkForm,
    NoteForm,
    PlanForm,
    PriorityForm,
    VaryForm,
)
from plans.models import TRANSITIONS, PlanStatus
from plans.views._common import (
    form_page,
    part_of,
    plan_page,
    readers_only,
    refused,
    require,
)
from plans.views.plans import MOVE_LABELS

FORM_METHODS = require_http_methods(["GET", "POST"])


def _back(plan):
    return reverse("plans:detail", args=[plan.pk])


# Editors only (403 for others); a frozen plan sends them back to it with the reason.
editors_while_editable = editable_or_frozen(
    allowed=lambda user, plan: rules.holds(user, plan.body, rules.EDITORS),
    editable=lambda plan: plan.is_editable,
    frozen_url=_back,
    message=_("This version of the plan can no longer be changed."),
)


@FORM_METHODS
@readers_only
def plan_create(request):
    require(rules.holds(request.user, request.policing_body, rules.EDITORS))
    form = PlanForm(posted(request), cancel=reverse("plans:list"))
    return form_page(
        request,
        form,
        title=_("Start a new plan"),
        save=lambda data: services.plan_create(
            body=request.policing_body,
            by=request.user,
            title=data["title"],
            first_year=data["first_year"],
            last_year=data["last_year"],
            introduction=data["introduction"],
        ),
        done=_back,
        success=_("Plan started. Add its priorities next."),
    )


@FORM_METHODS
@plan_page
@editors_while_editable
def plan_edit(request, plan):
    initial = {
        "title": plan.title,
        "first_year": plan.first_year,
        "last_year": plan.last_year,
        "introduction": plan.introduction,
        "variation_reason": plan.variation_reason,
    }
    form = PlanForm(
        posted(request), initial=initial, cancel=_back(plan), variation=plan.is_variation
    )
    return form_page(
        request,
        form,
        plan=plan,
        title=_("Title, years and introduction"),
        save=lambda data: services.plan_update(
            plan=plan,
            by=request.user,
            title=data["title"],
            first_year=data["first_year"],
            last_year=data["last_year"],
            introduction=data["introduction"],
            variation_reason=data.get("variation_reason"),
        ),
        done=_back(plan),
        success=_("Plan saved."),
    )


# --- Priorities ---------------------------------------------------------------------------


@FORM_METHODS
@plan_page
@editors_while_editable
def priority_add(request, plan):
    form = PriorityForm(posted(request), cancel=_back(plan))
    return form_page(
        request,
        form,
        plan=plan,
        title=_("Add a priority"),
        save=lambda data: services.priority_add(plan=plan, by=request.user, **data),
        done=_back(plan),
        success=_("Priority added."),
    )


@FORM_METHODS
@plan_page
@editors_while_editable
def priority_edit(request, plan, priority_pk):
    priority = part_of(plan, plan.priorities, priority_pk)
    initial = {
        "title": priority.title,
        "description": priority.description,
        "intended_outcomes": priority.intended_outcomes,
        "measures": priority.measures,
    }
    form = PriorityForm(posted(request), initial=initial, cancel=_back(plan))
    return form_page(
        request,
        form,
        plan=plan,
        title=_("Change priority %(number)d") % {"number": priority.position},
        save=lambda data: services.priority_update(priority=priority, by=request.user, **data),
        done=_back(plan),
        success=_("Priority saved."),
    )


@FORM_METHODS
@plan_page
@editors_while_editable
def priority_remove(request, plan, priority_pk):
    priority = part_of(plan, plan.priorities, priority_pk)
    lead = (
        _(
            "This priority was published in an earlier version. Removing it retires it when "
            "this version is published; funding and services linked to it keep their link."
        )
        if plan.is_variation and plan.varies.priorities.filter(thread=priority.thread).exists()
        else _("The priority and the grants listed under it will be removed from this draft.")
    )
    form = ConfirmForm(
        posted(request), button=_("Remove the priority"), warning=True, cancel_url=_back(plan)
    )
    return form_page(
        request,
        form,
        plan=plan,
        title=_("Remove “%(title)s”?") % {"title": priority.title},
        lead=lead,
        save=lambda data: services.priority_remove(priority=priority, by=request.user),
        done=_back(plan),
        success=_("Priority removed."),
    )


@require_POST
@plan_page
@editors_while_editable
def priority_move(request, plan, priority_pk):
    priority = part_of(plan, plan.priorities, priority_pk)
    try:
        services.priority_move(
            priority=priority, by=request.user, up=request.POST.get("direction") == "up"
        )
    except ApplicationError as error:
        return refused(request, plan, error)
    return redirect(f"{_back(plan)}#priority-{priority.position}")


# --- Intended grants ----------------------------------------------------------------------


def _grant_form_page(request, plan, *, grant=None):
    initial = {}
    if grant is not None:
        initial = {
            "priority": grant.priority,
            "recipient": grant.recipient,
            "purpose": grant.purpose,
            "amount": grant.amount,
            "financial_year": grant.financial_year,
        }
    form = IntendedGrantForm(posted(request), initial=initial, plan=plan, cancel=_back(plan))

    def save(data):
        if grant is None:
            services.intended_grant_add(plan=plan, by=request.user, **data)
        else:
            services.intended_grant_update(grant=grant, by=request.user, **data)

    return form_page(
        request,
        form,
        plan=plan,
        title=(
            _("Add a crime and disorder reduction grant")
            if grant is None
            else _("Change a crime and disorder reduction grant")
        ),
        lead=_("A grant the plan intends to make, under one of its priorities."),
        save=save,
        done=_back(plan),
        success=_("Grant saved."),
    )


@FORM_METHODS
@plan_page
@editors_while_editable
def grant_add(request, plan):
    return _grant_form_page(request, plan)


@FORM_METHODS
@plan_page
@editors_while_editable
def grant_edit(request, plan, grant_pk):
    grant = part_of(plan, plan.intended_grants, grant_pk)
    return _grant_form_page(request, plan, grant=grant)


@FORM_METHODS
@plan_page
@editors_while_editable
def grant_remove(request, plan, grant_pk):
    grant = part_of(plan, plan.intended_grants, grant_pk)
    form = ConfirmForm(
        posted(request), button=_("Remove the grant"), warning=True, cancel_url=_back(plan)
    )
    return form_page(
        request,
        form,
        plan=plan,
        title=_("Remove the grant to %(recipient)s?") % {"recipient": grant.recipient},
        save=lambda data: services.intended_grant_remove(grant=grant, by=request.user),
        done=_back(plan),
        success=_("Grant removed."),
    )


# --- Links and documents ------------------------------------------------------------------


@FORM_METHODS
@plan_page
@editors_while_editable
def link_add(request, plan):
    form = LinkForm(posted(request), cancel=_back(plan))
    return form_page(
        request,
        form,
        plan=plan,
        title=_("Add a link"),
        save=lambda data: services.plan_link_add(plan=plan, by=request.user, **data),
        done=_back(plan),
        success=_("Link added."),
    )


@FORM_METHODS
@plan_page
@editors_while_editable
def link_remove(request, plan, link_pk):
    link = part_of(plan, plan.links, link_pk)
    form = ConfirmForm(
        posted(request), button=_("Remove the link"), warning=True, cancel_url=_back(plan)
    )
    return form_page(
        request,
        form,
        plan=plan,
        title=_("Remove the link “%(title)s”?") % {"title": link.title},
        save=lambda data: services.plan_link_remove(link=link, by=request.user),
        done=_back(plan),
        success=_("Link removed."),
    )


@FORM_METHODS
@plan_page
@editors_while_editable
def attachment_add(request, plan):
    form = AttachmentForm(posted(request), posted_files(request), cancel=_back(plan))
    return form_page(
        request,
        form,
        plan=plan,
        title=_("Attach a document"),
        lead=_("Documents are published with the plan."),
        save=lambda data: services.plan_attachment_add(
            plan=plan, by=request.user, title=data["title"], uploaded_file=data["document"]
        ),
        done=_back(plan),
        success=_("Document attached."),
    )


@FORM_METHODS
@plan_page
@editors_while_editable
def attachment_remove(request, plan, attachment_pk):
    attachment = part_of(plan, plan.attachments, attachment_pk)
    form = ConfirmForm(
        posted(request), button=_("Remove the document"), warning=True, cancel_url=_back(plan)
    )
    return form_page(
        request,
        form,
        plan=plan,
        title=_("Remove “%(title)s”?") % {"title": attachment.title},
        save=lambda data: services.plan_attachment_remove(attachment=attachment, by=request.user),
        done=_back(plan),
        success=_("Document removed."),
    )


# --- Moving on ----------------------------------------------------------------------------

MOVE_LEADS = {
    PlanStatus.CONSULTATION: _(
        "The chief constable, the public and victims will be consulted on this draft. You can "
        "still change it while the consultation is open."
    ),
    PlanStatus.PANEL_REVIEW: _(
        "The police and crime panel will read this draft and write its report and "
        "recommendations. You then respond to each recommendation."
    ),
    PlanStatus.PUBLISHED: _(
        "Anyone will be able to read the plan, with the consultation summary, the panel's "
        "report and your responses. A published plan cannot be changed, only varied."
    ),
}


@FORM_METHODS
@plan_page
def plan_transition(request, plan, to):
    if to not in MOVE_LABELS:  # superseding happens only by publishing a variation
        raise Http404
    to = PlanStatus(to)
    require(rules.can_move(request.user, plan, to))
    if to not in TRANSITIONS[PlanStatus(plan.status)]:
        messages.error(request, _("The plan cannot make that move from where it is now."))
        return redirect("plans:detail", pk=plan.pk)
    form = NoteForm(posted(request), submit=MOVE_LABELS[to], cancel=_back(plan))
    lead = MOVE_LEADS[to]
    if to == PlanStatus.PUBLISHED and plan.varies_id:
        lead = _("%(lead)s It replaces version %(version)d.") % {
            "lead": lead,
            "version": plan.varies.version,
        }
    return form_page(
        request,
        form,
        plan=plan,
        title=MOVE_LABELS[to],
        lead=lead,
        save=lambda data: services.plan_transition(
            plan=plan, to=to, by=request.user, note=data["note"]
        ),
        done=_back(plan),
        success=_("The plan is now: %(status)s.") % {"status": to.label.lower()},
    )


@FORM_METHODS
@plan_page
def plan_vary(request, plan):
    require(rules.holds(request.user, plan.body, rules.EDITORS))
    if plan.status != PlanStatus.PUBLISHED:
        messages.error(request, _("Only the published version of a plan can be varied."))
        return redirect("plans:detail", pk=plan.pk)
    form = VaryForm(posted(request), cancel=_back(plan))
    return form_page(
        request,
        form,
        plan=plan,
        title=_("Vary this plan"),
        lead=_(
            "A variation is a new version. It starts as a copy of this one; the chief constable "
            "and the panel are consulted again, and it replaces this version when it is "
            "published."
        ),
        save=lambda data: services.plan_vary(plan=plan, by=request.user, reason=data["reason"]),
        done=_back,
        success=_("Variation started: change what needs changing."),
    )
