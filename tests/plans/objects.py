"""Body A's plans in each status, for the permission matrix (tests/plans/permissions.py)."""

import datetime

from django.utils import timezone

from tests.harness.matrix import matrix_object


@matrix_object
def plan_a_draft(objects):
    """A draft with two priorities, an intended grant, a link, a document and the dates of its
    consultation."""
    from decimal import Decimal

    from core.models import Role
    from plans import services
    from plans.models import PlanAttachment, PlanStatus
    from tests.core.factories import StoredFileFactory
    from tests.plans.factories import person, plan_through

    plan = plan_through(PlanStatus.DRAFT, title="Draft plan A")
    officer = person(plan.body, Role.COMMISSIONING_OFFICER)
    services.intended_grant_add(
        plan=plan,
        by=officer,
        priority=plan.priorities.first(),
        recipient="Community safety partnerships",
        purpose="Local projects",
        amount=Decimal("1000.00"),
    )
    services.plan_link_add(plan=plan, by=officer, title="Needs", url="https://example.org/")
    # Its consultation's dates are set, so that it may go to consultation.
    today = timezone.localdate()
    services.consultation_schedule(
        plan=plan, by=officer, opens_on=today, closes_on=today + datetime.timedelta(days=60)
    )
    PlanAttachment.objects.create(plan=plan, title="Easy read", file=StoredFileFactory())
    return plan


@matrix_object
def plan_a_in_consultation(objects):
    """In consultation with everything it needs to close: the chief constable's and a
    victims' organisation's responses, and a summary."""
    from core.models import Role
    from plans import services
    from plans.models import PlanStatus, RespondentType
    from tests.plans.factories import person, plan_through

    plan = plan_through(PlanStatus.CONSULTATION, title="Plan A in consultation")
    officer = person(plan.body, Role.COMMISSIONING_OFFICER)
    for respondent_type in (RespondentType.CHIEF_CONSTABLE, RespondentType.VICTIMS_ORGANISATION):
        services.consultation_response_record(
            plan=plan,
            by=officer,
            respondent_type=respondent_type,
            received_on=timezone.localdate() - datetime.timedelta(days=1),
            content="We support the plan.",
        )
    services.consultation_summarise(plan=plan, by=officer, summary="Most people agreed.")
    return plan


@matrix_object
def plan_a_in_panel_review(objects):
    """With the panel: a draft report and one recommendation, not yet sent."""
    from core.models import Role
    from plans import services
    from plans.models import PlanStatus
    from tests.plans.factories import person, plan_through

    plan = plan_through(PlanStatus.PANEL_REVIEW, title="Plan A with the panel")
    member = person(plan.body, Role.PANEL_MEMBER)
    services.panel_report_save(plan=plan, by=member, text="Our draft report.")
    services.panel_recommendation_add(plan=plan, by=member, text="Listen to victims.")
    return plan


@matrix_object
def plan_a_reported(objects):
    """With the panel, whose report is sent: waiting for the commissioner's responses."""
    from core.models import Role
    from plans import services
    from plans.models import PlanStatus
    from tests.plans.factories import person, plan_through

    plan = plan_through(PlanStatus.PANEL_REVIEW, title="Plan A reported on")
    member = person(plan.body, Role.PANEL_MEMBER)
    services.panel_report_save(plan=plan, by=member, text="Our report.")
    services.panel_recommendation_add(plan=plan, by=member, text="Publish the outcomes.")
    services.panel_report_submit(plan=plan, by=member)
    return plan


@matrix_object
def plan_a_published(objects):
    from plans.models import PlanStatus
    from tests.plans.factories import plan_through

    return plan_through(PlanStatus.PUBLISHED, title="Published plan A")


# Providers: organisation X, whose administrator and editor are personas; organisation Y's
# member asks for X's things and gets 404.
