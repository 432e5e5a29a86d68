"""Drafting a plan: details, priorities, intended grants and links."""

from decimal import Decimal

import pytest

from core.financial_years import FinancialYear
from core.models import Role
from plans import services
from plans.errors import NotInPlan, PlanFrozen, PlanPeriodInvalid, RoleRequired
from plans.models import PlanStatus, PriorityThread
from tests.plans.factories import BODY_B, body, person, plan_through

pytestmark = pytest.mark.django_db

FY = FinancialYear.parse


def officer(plan_or_body):
    return person(getattr(plan_or_body, "body", plan_or_body), Role.COMMISSIONING_OFFICER)


def test_an_officer_drafts_a_plan_with_a_consultation_and_a_panel_report_waiting():
    plan = services.plan_create(
        body=body(),
        by=officer(body()),
        title="Safer together",
        first_year=FY("2025-26"),
        last_year=FY("2028-29"),
        introduction="Hello.",
    )
    assert plan.status == PlanStatus.DRAFT
    assert plan.consultation.opens_on is None
    assert not plan.panel_report.is_submitted
    created = plan.transitions.get()
    assert (created.from_status, created.to_status, created.by) == ("", "draft", officer(body()))


def test_decision_makers_draft_too_but_finance_officers_and_panel_members_do_not():
    services.plan_create(
        body=body(),
        by=person(body(), Role.DECISION_MAKER),
        title="Mine",
        first_year=FY("2025-26"),
        last_year=FY("2025-26"),
    )
    for role in (Role.FINANCE_OFFICER, Role.PANEL_MEMBER, Role.ASSESSOR):
        with pytest.raises(RoleRequired):
            services.plan_create(
                body=body(),
                by=person(body(), role),
                title="Mine",
                first_year=FY("2025-26"),
                last_year=FY("2025-26"),
            )


def test_staff_of_another_body_cannot_edit_a_draft():
    plan = plan_through(PlanStatus.DRAFT)
    with pytest.raises(RoleRequired):
        services.priority_add(plan=plan, by=officer(body(BODY_B)), title="Mine", description="Mine")


def test_the_period_runs_forward_and_not_for_ever():
    with pytest.raises(PlanPeriodInvalid, match="same as or after"):
        services.plan_create(
            body=body(),
            by=officer(body()),
            title="Backwards",
            first_year=FY("2026-27"),
            last_year=FY("2025-26"),
        )
    with pytest.raises(PlanPeriodInvalid, match="at most 6"):
        services.plan_create(
            body=body(),
            by=officer(body()),
            title="Long",
            first_year=FY("2025-26"),
            last_year=FY("2031-32"),
        )


def test_priorities_are_numbered_in_order_and_can_move():
    plan = plan_through(PlanStatus.DRAFT, priorities=[])
    a = services.priority_add(plan=plan, by=officer(plan), title="A", description="a")
    b = services.priority_add(plan=plan, by=officer(plan), title="B", description="b")
    c = services.priority_add(plan=plan, by=officer(plan), title="C", description="c")
    services.priority_move(priority=c, by=officer(plan), up=True)
    assert list(plan.priorities.values_list("title", flat=True)) == ["A", "C", "B"]
    services.priority_move(priority=a, by=officer(plan), up=False)
    assert list(plan.priorities.values_list("title", flat=True)) == ["C", "A", "B"]
    services.priority_move(priority=b, by=officer(plan), up=False)  # already last
    services.priority_remove(priority=a, by=officer(plan))
    assert list(plan.priorities.values_list("title", "position")) == [("C", 1), ("B", 2)]


def test_removing_a_priority_that_was_never_published_removes_its_identity_too():
    plan = plan_through(PlanStatus.DRAFT, priorities=[])
    priority = services.priority_add(plan=plan, by=officer(plan), title="A", description="a")
    services.priority_remove(priority=priority, by=officer(plan))
    assert not PriorityThread.objects.filter(pk=priority.thread_id).exists()


def test_intended_grants_belong_to_a_priority_of_the_plan_and_a_year_of_its_period():
    plan = plan_through(PlanStatus.DRAFT)
    other = plan_through(PlanStatus.DRAFT, body_=body(BODY_B))
    priority = plan.priorities.first()
    grant = services.intended_grant_add(
        plan=plan,
        by=officer(plan),
        priority=priority,
        recipient="Youth offending teams",
        purpose="Diversion",
        amount=Decimal("120000.00"),
        financial_year=FY("2026-27"),
    )
    assert grant.amount == Decimal("120000.00")
    with pytest.raises(NotInPlan):
        services.intended_grant_add(
            plan=plan,
            by=officer(plan),
            priority=other.priorities.first(),
            recipient="X",
            purpose="Y",
            amount=Decimal(1),
        )
    with pytest.raises(PlanPeriodInvalid, match="2025-26 to 2028-29"):
        services.intended_grant_update(
            grant=grant,
            by=officer(plan),
            priority=priority,
            recipient="X",
            purpose="Y",
            amount=Decimal(1),
            financial_year=FY("2030-31"),
        )
    with pytest.raises(PlanPeriodInvalid, match="outside this period"):
        services.plan_update(
            plan=plan,
            by=officer(plan),
            title=plan.title,
            first_year=FY("2027-28"),
            last_year=FY("2028-29"),
            introduction="",
        )


def test_a_published_plan_refuses_every_edit():
    plan = plan_through(PlanStatus.PUBLISHED)
    priority = plan.priorities.first()
    attempts = [
        lambda by: services.plan_update(
            plan=plan,
            by=by,
            title="X",
            first_year=plan.first_year,
            last_year=plan.last_year,
            introduction="",
        ),
        lambda by: services.priority_add(plan=plan, by=by, title="X", description="X"),
        lambda by: services.priority_update(priority=priority, by=by, title="X", description="X"),
        lambda by: services.priority_remove(priority=priority, by=by),
        lambda by: services.priority_move(priority=priority, by=by, up=False),
        lambda by: services.plan_link_add(plan=plan, by=by, title="X", url="https://x.org"),
    ]
    for attempt in attempts:
        with pytest.raises(PlanFrozen):
            attempt(officer(plan))
    assert plan.priorities.first().title == priority.title


def test_content_stays_editable_while_consulting_and_with_the_panel():
    for status in (PlanStatus.CONSULTATION, PlanStatus.PANEL_REVIEW):
        plan = plan_through(status, title=f"Plan {status}", first_year=FY("2025-26"))
        services.priority_add(plan=plan, by=officer(plan), title="Late", description="Late")
        plan.refresh_from_db()
        services.plan_update(
            plan=plan,
            by=officer(plan),
            title="Renamed",
            first_year=plan.first_year,
            last_year=plan.last_year,
            introduction="New words.",
        )
