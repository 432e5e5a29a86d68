"""The police and crime panel's review: its report and recommendations, and the
commissioner's response to each. Both are published with the plan."""

from django.db import transaction
from django.db.models import F, Max
from django.utils import timezone
from django.utils.translation import gettext as _

from plans.errors import PanelReportIncomplete, TransitionRefused
from plans.models import PanelRecommendation, PanelReport, PlanStatus
from plans.rules import DECIDERS, PANEL, PANEL_WRITERS, holds
from plans.services._common import plan_lock, require_role


def _report_open(plan, by) -> PanelReport:
    """Lock the plan; the report it has, if `by` may still write it."""
    locked = plan_lock(plan)
    require_role(
        by,
        locked.body,
        PANEL_WRITERS,
        _("Only the panel, or the office on its behalf, may write the panel's report."),
    )
    if locked.status != PlanStatus.PANEL_REVIEW:
        raise TransitionRefused(_("The plan is not with the panel."))
    report = PanelReport.objects.get(plan=locked)
    report.plan = locked
    if report.is_submitted:
        raise PanelReportIncomplete(_("The panel has sent its report; it can no longer change."))
    return report


def _record_writer(report, by) -> None:
    report.entered_by = by
    # Once anyone from the office has typed in the report, it says so.
    report.on_behalf_of_panel = report.on_behalf_of_panel or not holds(by, report.plan.body, PANEL)


@transaction.atomic
def panel_report_save(*, plan, by, text) -> PanelReport:
    report = _report_open(plan, by)
    report.text = text
    _record_writer(report, by)
    report.save()
    return report


@transaction.atomic
def panel_recommendation_add(*, plan, by, text) -> PanelRecommendation:
    report = _report_open(plan, by)
    last = report.plan.panel_recommendations.aggregate(last=Max("position"))["last"] or 0
    _record_writer(report, by)
    report.save()
    return PanelRecommendation.objects.create(plan=report.plan, position=last + 1, text=text)


def _recommendation_open(recommendation, by):
    report = _report_open(recommendation.plan, by)
    recommendation = PanelRecommendation.objects.get(pk=recommendation.pk)
    _record_writer(report, by)
    report.save()
    return report, recommendation


@transaction.atomic
def panel_recommendation_update(*, recommendation, by, text) -> PanelRecommendation:
    _report, recommendation = _recommendation_open(recommendation, by)
    recommendation.text = text
    recommendation.save()
    return recommendation


@transaction.atomic
def panel_recommendation_remove(*, recommendation, by) -> None:
    report, recommendation = _recommendation_open(recommendation, by)
    position = recommendation.position
    recommendation.delete()
    # Renumber from the lowest first, so no two share a number on the way.
    for later in report.plan.panel_recommendations.filter(position__gt=position).order_by(
        "position"
    ):
        PanelRecommendation.objects.filter(pk=later.pk).update(position=F("position") - 1)


@transaction.atomic
def panel_report_submit(*, plan, by) -> PanelReport:
    """Send the report to the commissioner, who then responds to each recommendation."""
    report = _report_open(plan, by)
    if not report.text.strip():
        raise PanelReportIncomplete(_("Write the panel's report before sending it."))
    report.submitted_at = timezone.now()
    report.submitted_by = by
    report.save()
    return report


@transaction.atomic
def recommendation_respond(*, recommendation, by, response) -> PanelRecommendation:
    locked = plan_lock(recommendation.plan)
    require_role(
        by,
        locked.body,
        DECIDERS,
        _("Only a decision maker responds to the panel's recommendations."),
    )
    if locked.status != PlanStatus.PANEL_REVIEW:
        raise TransitionRefused(_("The plan is not with the panel."))
    if not PanelReport.objects.get(plan=locked).is_submitted:
        raise PanelReportIncomplete(_("The panel has not yet sent its report."))
    if not response.strip():
        raise PanelReportIncomplete(_("Enter your response to the recommendation."))
    recommendation = PanelRecommendation.objects.get(pk=recommendation.pk)
    recommendation.response = response
    recommendation.responded_by = by
    recommendation.responded_at = timezone.now()
    recommendation.save()
    return recommendation
