"""The panel's report: written by panel members of the body (or the office on the panel's
behalf); the decision maker responds to each recommendation."""

from django.contrib import messages
from django.shortcuts import redirect
from django.urls import reverse
from django.utils.translation import gettext_lazy as _

from core.forms import ConfirmForm
from core.pages import posted
from plans import rules, services
from plans.forms import PanelReportForm, RecommendationForm, RecommendationResponseForm
from plans.views._common import form_page, part_of, plan_page, require
from plans.views.editing import FORM_METHODS


def _report_page(plan):
    return reverse("plans:panel-report", args=[plan.pk])


def _may_write(request, plan):
    """Panel members and editors only (403); once sent, or not with the panel, back."""
    require(rules.holds(request.user, plan.body, rules.PANEL_WRITERS))
    if not rules.can_write_panel_report(request.user, plan):
        messages.error(request, _("The panel's report on this plan can no longer be changed."))
        return False
    return True


@FORM_METHODS
@plan_page
def panel_report(request, plan):
    if not _may_write(request, plan):
        return redirect("plans:detail", pk=plan.pk)
    form = PanelReportForm(
        posted(request),
        initial={"text": plan.panel_report.text},
        cancel=reverse("plans:detail", args=[plan.pk]),
    )
    return form_page(
        request,
        form,
        plan=plan,
        title=_("The panel's report"),
        template="plans/panel_report.html",
        lead=_(
            "Write the report, and add each recommendation separately so that the "
            "commissioner can respond to each one. Nothing is sent until you send the report."
        ),
        recommendations=list(plan.panel_recommendations.all()),
        report=plan.panel_report,
        save=lambda data: services.panel_report_save(plan=plan, by=request.user, text=data["text"]),
        done=_report_page(plan),
        success=_("Report saved."),
    )


@FORM_METHODS
@plan_page
def recommendation_add(request, plan):
    if not _may_write(request, plan):
        return redirect("plans:detail", pk=plan.pk)
    form = RecommendationForm(posted(request), cancel=_report_page(plan))
    return form_page(
        request,
        form,
        plan=plan,
        title=_("Add a recommendation"),
        save=lambda data: services.panel_recommendation_add(
            plan=plan, by=request.user, text=data["text"]
        ),
        done=_report_page(plan),
        success=_("Recommendation added."),
    )


@FORM_METHODS
@plan_page
def recommendation_edit(request, plan, recommendation_pk):
    recommendation = part_of(plan, plan.panel_recommendations, recommendation_pk)
    if not _may_write(request, plan):
        return redirect("plans:detail", pk=plan.pk)
    form = RecommendationForm(
        posted(request), initial={"text": recommendation.text}, cancel=_report_page(plan)
    )
    return form_page(
        request,
        form,
        plan=plan,
        title=_("Change recommendation %(number)d") % {"number": recommendation.position},
        save=lambda data: services.panel_recommendation_update(
            recommendation=recommendation, by=request.user, text=data["text"]
        ),
        done=_report_page(plan),
        success=_("Recommendation saved."),
    )


@FORM_METHODS
@plan_page
def recommendation_remove(request, plan, recommendation_pk):
    recommendation = part_of(plan, plan.panel_recommendations, recommendation_pk)
    if not _may_write(request, plan):
        return redirect("plans:detail", pk=plan.pk)
    form = ConfirmForm(
        posted(request),
        button=_("Remove the recommendation"),
        warning=True,
        cancel_url=_report_page(plan),
    )
    return form_page(
        request,
        form,
        plan=plan,
        title=_("Remove recommendation %(number)d?") % {"number": recommendation.position},
        lead=recommendation.text,
        save=lambda data: services.panel_recommendation_remove(
            recommendation=recommendation, by=request.user
        ),
        done=_report_page(plan),
        success=_("Recommendation removed."),
    )


@FORM_METHODS
@plan_page
def panel_report_submit(request, plan):
    if not _may_write(request, plan):
        return redirect("plans:detail", pk=plan.pk)
    form = ConfirmForm(
        posted(request),
        button=_("Send the report to the commissioner"),
        warning=True,
        cancel_url=_report_page(plan),
    )
    return form_page(
        request,
        form,
        plan=plan,
        title=_("Send the panel's report"),
        lead=_(
            "Once sent, the report and its recommendations cannot change. The commissioner "
            "responds to each recommendation, and both are published with the plan."
        ),
        save=lambda data: services.panel_report_submit(plan=plan, by=request.user),
        done=reverse("plans:detail", args=[plan.pk]),
        success=_("The panel's report has been sent."),
    )


@FORM_METHODS
@plan_page
def recommendation_respond(request, plan, recommendation_pk):
    recommendation = part_of(plan, plan.panel_recommendations, recommendation_pk)
    require(rules.holds(request.user, plan.body, rules.DECIDERS))
    if not rules.can_respond(request.user, plan):
        messages.error(request, _("You can respond once the panel has sent its report."))
        return redirect("plans:detail", pk=plan.pk)
    form = RecommendationResponseForm(
        posted(request),
        initial={"response": recommendation.response},
        cancel=reverse("plans:detail", args=[plan.pk]),
    )
    return form_page(
        request,
        form,
        plan=plan,
        title=_("Respond to recommendation %(number)d") % {"number": recommendation.position},
        lead=recommendation.text,
        save=lambda data: services.recommendation_respond(
            recommendation=recommendation, by=request.user, response=data["response"]
        ),
        done=f"{reverse('plans:detail', args=[plan.pk])}#panel",
        success=_("Response saved."),
    )
