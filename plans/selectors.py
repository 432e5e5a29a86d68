"""Reads of plans, scoped to who is asking.

Office staff see every version of their body's plans. Panel members see their body's
published and superseded versions, and a draft only while it is with the panel. Nobody
sees another body's unpublished plans: those are simply not found (404).
"""

from django.db.models import Count, Prefetch, Q
from django.http import Http404
from django.utils import timezone

from core.access import user_memberships
from core.financial_years import FinancialYear
from core.models import PolicingBody, Role
from plans.models import (
    FROZEN_STATUSES,
    ConsultationResponse,
    Plan,
    PlanStatus,
    Priority,
    PriorityThread,
)
from plans.rules import OFFICE

PANEL_SEES = (*FROZEN_STATUSES, PlanStatus.PANEL_REVIEW)


def _visibility(user) -> Q | None:
    office_bodies, panel_bodies = set(), set()
    for membership in user_memberships(user):
        if membership.role in OFFICE:
            office_bodies.add(membership.body_id)
        elif membership.role == Role.PANEL_MEMBER:
            panel_bodies.add(membership.body_id)
    if not office_bodies and not panel_bodies:
        return None
    return Q(body_id__in=office_bodies) | Q(body_id__in=panel_bodies, status__in=PANEL_SEES)


def plan_list_visible_to(*, user):
    """Every plan version the user may read privately, newest first."""
    visible = _visibility(user)
    if visible is None:
        return Plan.objects.none()
    return (
        Plan.objects.filter(visible)
        .select_related("body")
        .annotate(priority_count=Count("priorities"))
        .order_by("-first_year", "-version", "-pk")
    )


def plan_get_visible_to(*, user, pk) -> Plan:
    visible = _visibility(user)
    plan = None
    if visible is not None:
        plan = (
            Plan.objects.filter(visible, pk=pk)
            .select_related("body", "varies", "consultation", "panel_report")
            .first()
        )
    if plan is None:
        raise Http404
    return plan


def plan_versions(*, plan, user=None):
    """The versions of `plan`, latest first: those `user` may read, or the public ones."""
    versions = Plan.objects.filter(lineage=plan.lineage)
    if user is None:
        versions = versions.public()
    else:
        visible = _visibility(user)
        versions = versions.filter(visible) if visible is not None else versions.none()
    return versions.order_by("-version")


def priorities_of(plan):
    """A version's priorities in order, with their threads and intended grants."""
    return (
        Priority.objects.filter(plan=plan)
        .select_related("thread__retired_in")
        .prefetch_related("intended_grants")
        .order_by("position")
    )


def consultation_responses_for(*, plan, user):
    """Individual responses: the body's office only, never the panel or the public."""
    if not any(m.role in OFFICE and m.body_id == plan.body_id for m in user_memberships(user)):
        return ConsultationResponse.objects.none()
    return ConsultationResponse.objects.filter(plan=plan).select_related("recorded_by")


# --- Public ---------------------------------------------------------------------------------


def _current(plans, year: FinancialYear):
    """The published plan covering `year`, else the latest published one."""
    published = [p for p in plans if p.status == PlanStatus.PUBLISHED]
    for plan in published:
        if plan.first_year <= year <= plan.last_year:
            return plan
    return max(published, key=lambda p: p.last_year, default=None)


def bodies_with_current_plans(*, today=None) -> list[tuple[PolicingBody, Plan | None]]:
    """Every body, each with its current published plan (or None): two queries."""
    year = FinancialYear.containing(today or timezone.localdate())
    by_body = {}
    for plan in Plan.objects.published().order_by("first_year"):
        by_body.setdefault(plan.body_id, []).append(plan)
    return [(body, _current(by_body.get(body.pk, []), year)) for body in PolicingBody.objects.all()]


def plan_current_for(*, body, today=None) -> Plan | None:
    year = FinancialYear.containing(today or timezone.localdate())
    return _current(list(Plan.objects.published().filter(body=body)), year)


def public_body_get(*, slug) -> PolicingBody:
    body = PolicingBody.objects.filter(slug=slug).first()
    if body is None:
        raise Http404
    return body


def public_plans_of(*, body):
    """Every version anyone may read, newest first: the archive."""
    return (
        Plan.objects.public()
        .filter(body=body)
        .annotate(priority_count=Count("priorities"))
        .order_by("-first_year", "-version", "-pk")
    )


def public_plan_get(*, body, pk) -> Plan:
    plan = (
        Plan.objects.public()
        .filter(body=body, pk=pk)
        .select_related("body", "varies", "consultation", "panel_report", "published_pdf")
        .first()
    )
    if plan is None:
        raise Http404
    return plan


# --- For other apps -------------------------------------------------------------------------


def priority_threads_for(*, body):
    """The body's priorities by identity, each with the wording of its latest published
    version (`latest`), for funding and commissioning to link budgets and rounds to.
    Retired ones are included (their links stay); `thread.retired_in` says since when."""
    published = Priority.objects.filter(plan__status__in=FROZEN_STATUSES).order_by(
        "-plan__version", "-plan__published_at"
    )
    threads = (
        PriorityThread.objects.filter(body=body, priorities__plan__status__in=FROZEN_STATUSES)
        .distinct()
        .select_related("retired_in")
        .prefetch_related(Prefetch("priorities", queryset=published, to_attr="published"))
    )
    result = []
    for thread in threads:
        thread.latest = thread.published[0]
        result.append(thread)
    return sorted(result, key=lambda t: (t.retired_in_id is not None, t.latest.position))
