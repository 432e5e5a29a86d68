"""The one way a plan changes status: draft -> consultation -> panel review -> published
-> superseded (plans.models.TRANSITIONS), with the role and the rules of each move."""

from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from core.models import PolicingBody
from plans.documents import published_plan_pdf_attach
from plans.errors import (
    ConsultationIncomplete,
    PanelReportIncomplete,
    RecommendationUnanswered,
    RoleRequired,
    TransitionRefused,
    YearsAlreadyCovered,
)
from plans.models import TRANSITIONS, Plan, PlanStatus, PlanTransition, PriorityThread
from plans.rules import WHO_MAY_MOVE_TO, holds
from plans.services._common import plan_lock


def _check_has_priorities(plan) -> None:
    if not plan.priorities.exists():
        raise TransitionRefused(_("Add at least one priority to the plan first."))


def _check_consultation(plan) -> None:
    _check_has_priorities(plan)
    consultation = plan.consultation
    if consultation.opens_on is None or consultation.closes_on is None:
        raise ConsultationIncomplete(
            _("Enter the dates the consultation opens and closes first."), problems=[]
        )


def _check_panel_review(plan) -> None:
    _check_has_priorities(plan)
    if not plan.consultation.is_closed:
        raise ConsultationIncomplete(
            _("Close the consultation before sending the plan to the panel."), problems=[]
        )


def _check_publish(plan) -> None:
    _check_has_priorities(plan)
    if not plan.panel_report.is_submitted:
        raise PanelReportIncomplete(_("The panel has not yet sent its report on this plan."))
    unanswered = plan.panel_recommendations.filter(responded_at__isnull=True).count()
    if unanswered:
        raise RecommendationUnanswered(
            _(
                "Respond to every recommendation of the panel before publishing: "
                "%(count)d still without a response."
            )
            % {"count": unanswered}
        )
    clash = (
        Plan.objects.published()
        .filter(body_id=plan.body_id)
        .covering(plan.first_year, plan.last_year)
        .exclude(pk__in=[plan.pk, plan.varies_id])
        .first()
    )
    if clash is not None:
        raise YearsAlreadyCovered(
            _(
                "“%(title)s” (%(period)s) is already published for some of these years. "
                "Vary that plan instead, or change this plan's period."
            )
            % {"title": clash.title, "period": clash.period}
        )


def _check_superseded(plan) -> None:
    later = Plan.objects.filter(
        lineage=plan.lineage, version__gt=plan.version, status=PlanStatus.PUBLISHED
    )
    if not later.exists():
        raise TransitionRefused(_("A plan is superseded only by publishing a variation of it."))


_CHECKS = {
    PlanStatus.CONSULTATION: _check_consultation,
    PlanStatus.PANEL_REVIEW: _check_panel_review,
    PlanStatus.PUBLISHED: _check_publish,
    PlanStatus.SUPERSEDED: _check_superseded,
}


@transaction.atomic
def plan_transition(*, plan, to, by, note="") -> Plan:
    """Move `plan` to status `to`, or raise an ApplicationError saying why not.

    Records who, when, from, to and the note. Publishing a variation supersedes the version
    it varies and retires the priorities it dropped, in the same transaction.
    """
    to = PlanStatus(to)
    if to == PlanStatus.PUBLISHED:
        # Lock order: the body, then its plans. Two publications for one body queue here,
        # so the second sees the first when it checks which years are already covered.
        PolicingBody.objects.select_for_update().filter(pk=plan.body_id).first()
    locked = plan_lock(plan)
    if not holds(by, locked.body, WHO_MAY_MOVE_TO[to]):
        raise RoleRequired(_("Your role does not allow you to do this."))
    if to not in TRANSITIONS[PlanStatus(locked.status)]:
        raise TransitionRefused(
            _("A plan that is %(from)s cannot be moved to %(to)s.")
            % {"from": locked.get_status_display().lower(), "to": to.label.lower()}
        )
    _CHECKS[to](locked)
    now = timezone.now()
    from_status = locked.status
    locked.status = to
    if to == PlanStatus.PUBLISHED:
        locked.published_at = now
    locked.save(update_fields=["status", "published_at", "updated_at"])
    PlanTransition.objects.create(
        plan=locked, from_status=from_status, to_status=to, by=by, at=now, note=note
    )
    if to == PlanStatus.PUBLISHED and locked.varies_id is not None:
        _replace_previous_version(locked, by)
    if to == PlanStatus.PUBLISHED:
        # The worker renders it once, after the commit, for anyone to download.
        published_plan_pdf_attach(locked)
    plan.status, plan.published_at = locked.status, locked.published_at
    return locked


def _replace_previous_version(plan, by) -> None:
    previous = plan.varies
    PriorityThread.objects.filter(priorities__plan=previous).exclude(priorities__plan=plan).update(
        retired_in=plan
    )
    plan_transition(
        plan=previous,
        to=PlanStatus.SUPERSEDED,
        by=by,
        note=_("Superseded by version %(version)d.") % {"version": plan.version},
    )
