"""Drafting a plan: its details, priorities, intended grants and links; and varying it."""

from django.db import transaction
from django.db.models import F, Max, ProtectedError
from django.utils.translation import gettext as _

from core.financial_years import FinancialYear
from core.uploads import stored_file_create, stored_files_delete
from plans.errors import NotInPlan, PlanPeriodInvalid, TransitionRefused, VariationInProgress
from plans.models import (
    EDITABLE_STATUSES,
    Consultation,
    IntendedGrant,
    PanelReport,
    Plan,
    PlanAttachment,
    PlanLink,
    PlanStatus,
    PlanTransition,
    Priority,
    PriorityThread,
)
from plans.rules import EDITORS
from plans.services._common import plan_lock, require_editable, require_role

# A plan runs to the end of the commissioner's term (four years), a little more at most.
MAX_PLAN_YEARS = 6


def _check_period(first_year: FinancialYear, last_year: FinancialYear) -> None:
    if last_year < first_year:
        raise PlanPeriodInvalid(
            _("The last financial year must be the same as or after the first.")
        )
    if last_year.start_year - first_year.start_year >= MAX_PLAN_YEARS:
        raise PlanPeriodInvalid(
            _("A plan can cover at most %(count)d financial years.") % {"count": MAX_PLAN_YEARS}
        )


def _editable(plan, by) -> Plan:
    """Lock the plan and check that `by` may edit it now."""
    locked = plan_lock(plan)
    require_role(by, locked.body, EDITORS)
    require_editable(locked)
    return locked


def _start_version(plan, by, note) -> None:
    Consultation.objects.create(plan=plan)
    PanelReport.objects.create(plan=plan)
    PlanTransition.objects.create(
        plan=plan, from_status="", to_status=PlanStatus.DRAFT, by=by, note=note
    )


@transaction.atomic
def plan_create(*, body, by, title, first_year, last_year, introduction="") -> Plan:
    require_role(by, body, EDITORS)
    _check_period(first_year, last_year)
    plan = Plan.objects.create(
        body=body,
        title=title,
        first_year=first_year,
        last_year=last_year,
        introduction=introduction,
        created_by=by,
    )
    _start_version(plan, by, note="")
    return plan


@transaction.atomic
def plan_update(
    *, plan, by, title, first_year, last_year, introduction, variation_reason=None
) -> Plan:
    locked = _editable(plan, by)
    _check_period(first_year, last_year)
    outside = locked.intended_grants.exclude(financial_year__isnull=True).exclude(
        financial_year__gte=first_year, financial_year__lte=last_year
    )
    if outside.exists():
        raise PlanPeriodInvalid(
            _(
                "An intended grant is for a financial year outside this period. Change the "
                "grant first."
            )
        )
    locked.title = title
    locked.first_year = first_year
    locked.last_year = last_year
    locked.introduction = introduction
    if variation_reason is not None and locked.is_variation:
        locked.variation_reason = variation_reason
    locked.save()
    return locked


@transaction.atomic
def plan_vary(*, plan, by, reason) -> Plan:
    """Start a variation: a new draft version with the published version's content.

    Priorities keep their threads, so a priority the variation keeps is the same priority.
    The published version stays in force until the variation is published.
    """
    locked = plan_lock(plan)
    require_role(by, locked.body, EDITORS)
    if locked.status != PlanStatus.PUBLISHED:
        raise TransitionRefused(_("Only the published version of a plan can be varied."))
    if Plan.objects.filter(lineage=locked.lineage, status__in=EDITABLE_STATUSES).exists():
        raise VariationInProgress(
            _("This plan already has a variation in progress. Finish that one first.")
        )
    if not reason.strip():
        raise TransitionRefused(_("Enter why the plan is being varied."))
    variation = Plan.objects.create(
        body=locked.body,
        lineage=locked.lineage,
        version=locked.version + 1,
        varies=locked,
        title=locked.title,
        first_year=locked.first_year,
        last_year=locked.last_year,
        introduction=locked.introduction,
        variation_reason=reason,
        created_by=by,
    )
    copies = {}
    for priority in locked.priorities.all():
        copies[priority.pk] = Priority.objects.create(
            plan=variation,
            thread_id=priority.thread_id,
            position=priority.position,
            title=priority.title,
            description=priority.description,
            intended_outcomes=priority.intended_outcomes,
            measures=priority.measures,
        )
    IntendedGrant.objects.bulk_create(
        IntendedGrant(
            plan=variation,
            priority=copies[grant.priority_id],
            recipient=grant.recipient,
            purpose=grant.purpose,
            amount=grant.amount,
            financial_year=grant.financial_year,
        )
        for grant in locked.intended_grants.all()
    )
    PlanLink.objects.bulk_create(
        PlanLink(plan=variation, title=link.title, url=link.url) for link in locked.links.all()
    )
    PlanAttachment.objects.bulk_create(
        PlanAttachment(plan=variation, title=attachment.title, file_id=attachment.file_id)
        for attachment in locked.attachments.all()
    )
    _start_version(variation, by, note=reason)
    return variation


# --- Priorities ---------------------------------------------------------------------------


@transaction.atomic
def priority_add(*, plan, by, title, description, intended_outcomes="", measures="") -> Priority:
    locked = _editable(plan, by)
    last = locked.priorities.aggregate(last=Max("position"))["last"] or 0
    return Priority.objects.create(
        plan=locked,
        thread=PriorityThread.objects.create(body=locked.body),
        position=last + 1,
        title=title,
        description=description,
        intended_outcomes=intended_outcomes,
        measures=measures,
    )


@transaction.atomic
def priority_update(
    *, priority, by, title, description, intended_outcomes="", measures=""
) -> Priority:
    _editable(priority.plan, by)
    priority = Priority.objects.get(pk=priority.pk)
    priority.title = title
    priority.description = description
    priority.intended_outcomes = intended_outcomes
    priority.measures = measures
    priority.save()
    return priority


@transaction.atomic
def priority_remove(*, priority, by) -> None:
    """Take a priority out of this version.

    A priority an earlier version published is retired when this version is published;
    one that only ever existed in this draft disappears with its thread.
    """
    locked = _editable(priority.plan, by)
    priority = Priority.objects.get(pk=priority.pk)
    thread = priority.thread
    priority.delete()
    locked.priorities.filter(position__gt=priority.position).update(position=F("position") - 1)
    if not thread.priorities.exists():
        try:
            with transaction.atomic():
                thread.delete()
        except ProtectedError:
            pass  # something already links to it: keep the identity


@transaction.atomic
def priority_move(*, priority, by, up: bool) -> None:
    """Swap a priority with the one above (or below) it."""
    locked = _editable(priority.plan, by)
    priority = Priority.objects.get(pk=priority.pk)
    if up:
        neighbour = locked.priorities.filter(position__lt=priority.position).last()
    else:
        neighbour = locked.priorities.filter(position__gt=priority.position).first()
    if neighbour is None:
        return
    # The position constraint is deferred, so the swap may pass through a duplicate.
    priority.position, neighbour.position = neighbour.position, priority.position
    priority.save(update_fields=["position"])
    neighbour.save(update_fields=["position"])


# --- Intended grants ----------------------------------------------------------------------


def _check_grant(plan, priority, financial_year) -> None:
    if priority.plan_id != plan.pk:
        raise NotInPlan(_("Choose one of this plan's priorities."))
    if financial_year is not None and not (plan.first_year <= financial_year <= plan.last_year):
        raise PlanPeriodInvalid(
            _("Choose a financial year from %(first)s to %(last)s.")
            % {"first": plan.first_year, "last": plan.last_year}
        )


@transaction.atomic
def intended_grant_add(
    *, plan, by, priority, recipient, purpose, amount, financial_year=None
) -> IntendedGrant:
    locked = _editable(plan, by)
    _check_grant(locked, priority, financial_year)
    return IntendedGrant.objects.create(
        plan=locked,
        priority=priority,
        recipient=recipient,
        purpose=purpose,
        amount=amount,
        financial_year=financial_year,
    )


@transaction.atomic
def intended_grant_update(
    *, grant, by, priority, recipient, purpose, amount, financial_year=None
) -> IntendedGrant:
    locked = _editable(grant.plan, by)
    _check_grant(locked, priority, financial_year)
    grant = IntendedGrant.objects.get(pk=grant.pk)
    grant.priority = priority
    grant.recipient = recipient
    grant.purpose = purpose
    grant.amount = amount
    grant.financial_year = financial_year
    grant.save()
    return grant


@transaction.atomic
def intended_grant_remove(*, grant, by) -> None:
    _editable(grant.plan, by)
    IntendedGrant.objects.filter(pk=grant.pk).delete()


# --- Links --------------------------------------------------------------------------------


@transaction.atomic
def plan_link_add(*, plan, by, title, url) -> PlanLink:
    locked = _editable(plan, by)
    return PlanLink.objects.create(plan=locked, title=title, url=url)


@transaction.atomic
def plan_link_remove(*, link, by) -> None:
    _editable(link.plan, by)
    PlanLink.objects.filter(pk=link.pk).delete()


# --- Attachments --------------------------------------------------------------------------


@transaction.atomic
def plan_attachment_add(*, plan, by, title, uploaded_file) -> PlanAttachment:
    """Keep an upload (checked by core.uploads) and attach it to the plan."""
    locked = _editable(plan, by)
    stored = stored_file_create(uploaded_file=uploaded_file, uploaded_by=by)
    return PlanAttachment.objects.create(plan=locked, title=title, file=stored)


@transaction.atomic
def plan_attachment_remove(*, attachment, by) -> None:
    _editable(attachment.plan, by)
    attachment = PlanAttachment.objects.select_related("file").get(pk=attachment.pk)
    stored = attachment.file
    attachment.delete()
    # Earlier versions may hold the same file; it goes only when nothing holds it.
    if not PlanAttachment.objects.filter(file=stored).exists():
        stored_files_delete([stored])
