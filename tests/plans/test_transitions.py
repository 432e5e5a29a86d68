"""plan_transition: every move, who may make it, and every refusal."""

import pytest
from django.utils import timezone

from core.financial_years import FinancialYear
from core.models import Role
from plans import services
from plans.errors import (
    ConsultationIncomplete,
    PanelReportIncomplete,
    RecommendationUnanswered,
    RoleRequired,
    TransitionRefused,
    YearsAlreadyCovered,
)
from plans.models import Plan, PlanStatus, PlanTransition
from tests.plans.factories import body, person, plan_through

pytestmark = pytest.mark.django_db


def officer(plan):
    return person(plan.body, Role.COMMISSIONING_OFFICER)


def decider(plan):
    return person(plan.body, Role.DECISION_MAKER)


def panel(plan):
    return person(plan.body, Role.PANEL_MEMBER)


def test_a_plan_goes_from_draft_to_published_and_every_move_is_recorded():
    plan = plan_through(PlanStatus.PUBLISHED)
    plan.refresh_from_db()
    assert plan.status == PlanStatus.PUBLISHED
    assert plan.published_at is not None
    moves = list(plan.transitions.values_list("from_status", "to_status"))
    assert moves == [
        ("", "draft"),
        ("draft", "consultation"),
        ("consultation", "panel_review"),
        ("panel_review", "published"),
    ]
    published = plan.transitions.last()
    assert published.by == decider(plan)
    assert published.at == plan.published_at


def test_the_note_is_kept_with_the_move():
    plan = plan_through(PlanStatus.CONSULTATION)
    services.consultation_response_record(
        plan=plan,
        by=officer(plan),
        respondent_type="chief_constable",
        received_on=timezone.localdate(),
        content="Agreed.",
    )
    services.consultation_summarise(
        plan=plan, by=officer(plan), summary="Fine.", victims_absence_reason="None came."
    )
    services.consultation_close(plan=plan, by=officer(plan))
    services.plan_transition(
        plan=plan, to=PlanStatus.PANEL_REVIEW, by=decider(plan), note="Over to the panel"
    )
    assert PlanTransition.objects.filter(plan=plan).last().note == "Over to the panel"


def test_officers_open_the_consultation_but_finance_officers_cannot():
    plan = plan_through(PlanStatus.DRAFT)
    services.consultation_schedule(
        plan=plan,
        by=officer(plan),
        opens_on=plan.created_at.date(),
        closes_on=plan.created_at.date(),
    )
    with pytest.raises(RoleRequired):
        services.plan_transition(
            plan=plan, to=PlanStatus.CONSULTATION, by=person(plan.body, Role.FINANCE_OFFICER)
        )
    services.plan_transition(plan=plan, to=PlanStatus.CONSULTATION, by=officer(plan))
    assert Plan.objects.get(pk=plan.pk).status == PlanStatus.CONSULTATION


def test_the_consultation_needs_its_dates_before_it_opens():
    plan = plan_through(PlanStatus.DRAFT)
    with pytest.raises(ConsultationIncomplete, match="dates"):
        services.plan_transition(plan=plan, to=PlanStatus.CONSULTATION, by=officer(plan))


def test_a_plan_without_priorities_is_not_consulted_on():
    plan = plan_through(PlanStatus.DRAFT, priorities=[])
    services.consultation_schedule(
        plan=plan,
        by=officer(plan),
        opens_on=plan.created_at.date(),
        closes_on=plan.created_at.date(),
    )
    with pytest.raises(TransitionRefused, match="at least one priority"):
        services.plan_transition(plan=plan, to=PlanStatus.CONSULTATION, by=officer(plan))


def test_only_a_decision_maker_sends_a_plan_to_the_panel():
    plan = plan_through(PlanStatus.CONSULTATION)
    with pytest.raises(RoleRequired):
        services.plan_transition(plan=plan, to=PlanStatus.PANEL_REVIEW, by=officer(plan))


def test_a_plan_goes_to_the_panel_only_after_the_consultation_closes():
    plan = plan_through(PlanStatus.CONSULTATION)
    with pytest.raises(ConsultationIncomplete, match="Close the consultation"):
        services.plan_transition(plan=plan, to=PlanStatus.PANEL_REVIEW, by=decider(plan))


def test_only_a_decision_maker_publishes():
    plan = plan_through(PlanStatus.PANEL_REVIEW)
    with pytest.raises(RoleRequired):
        services.plan_transition(plan=plan, to=PlanStatus.PUBLISHED, by=officer(plan))
    with pytest.raises(RoleRequired):
        services.plan_transition(plan=plan, to=PlanStatus.PUBLISHED, by=panel(plan))


def test_publishing_is_refused_before_the_panel_reports():
    plan = plan_through(PlanStatus.PANEL_REVIEW)
    with pytest.raises(PanelReportIncomplete):
        services.plan_transition(plan=plan, to=PlanStatus.PUBLISHED, by=decider(plan))


def test_publishing_is_refused_while_a_recommendation_has_no_response():
    plan = plan_through(PlanStatus.PANEL_REVIEW)
    services.panel_report_save(plan=plan, by=panel(plan), text="Our report.")
    first = services.panel_recommendation_add(plan=plan, by=panel(plan), text="Do more.")
    services.panel_recommendation_add(plan=plan, by=panel(plan), text="Do better.")
    services.panel_report_submit(plan=plan, by=panel(plan))
    services.recommendation_respond(recommendation=first, by=decider(plan), response="We will.")
    with pytest.raises(RecommendationUnanswered, match="1 still without a response"):
        services.plan_transition(plan=plan, to=PlanStatus.PUBLISHED, by=decider(plan))
    assert Plan.objects.get(pk=plan.pk).status == PlanStatus.PANEL_REVIEW


def test_publishing_is_refused_when_another_published_plan_covers_one_of_its_years():
    plan_through(PlanStatus.PUBLISHED, title="Old plan")
    newer = plan_through(
        PlanStatus.PANEL_REVIEW,
        first_year=FinancialYear.parse("2028-29"),
        last_year=FinancialYear.parse("2031-32"),
        title="New plan",
    )
    services.panel_report_save(plan=newer, by=panel(newer), text="Our report.")
    services.panel_report_submit(plan=newer, by=panel(newer))
    with pytest.raises(YearsAlreadyCovered, match="Old plan"):
        services.plan_transition(plan=newer, to=PlanStatus.PUBLISHED, by=decider(newer))


def test_another_body_may_publish_for_the_same_years():
    plan_through(PlanStatus.PUBLISHED)
    other = plan_through(PlanStatus.PUBLISHED, body_=body("dyfed-powys"))
    assert other.status == PlanStatus.PUBLISHED


def test_a_plan_for_later_years_is_published_alongside():
    plan_through(PlanStatus.PUBLISHED)
    later = plan_through(
        PlanStatus.PUBLISHED,
        first_year=FinancialYear.parse("2029-30"),
        last_year=FinancialYear.parse("2032-33"),
    )
    assert later.status == PlanStatus.PUBLISHED


@pytest.mark.parametrize(
    ("start", "to"),
    [
        (PlanStatus.DRAFT, PlanStatus.PANEL_REVIEW),
        (PlanStatus.DRAFT, PlanStatus.PUBLISHED),
        (PlanStatus.CONSULTATION, PlanStatus.PUBLISHED),
        (PlanStatus.CONSULTATION, PlanStatus.DRAFT),
        (PlanStatus.PUBLISHED, PlanStatus.DRAFT),
        (PlanStatus.PUBLISHED, PlanStatus.PUBLISHED),
        (PlanStatus.SUPERSEDED, PlanStatus.PUBLISHED),
    ],
)
def test_moves_outside_the_map_are_refused(start, to):
    plan = plan_through(start)
    with pytest.raises((TransitionRefused, KeyError)):
        services.plan_transition(plan=plan, to=to, by=decider(plan))
    assert Plan.objects.get(pk=plan.pk).status == start


def test_a_published_plan_is_superseded_only_by_publishing_its_variation():
    plan = plan_through(PlanStatus.PUBLISHED)
    with pytest.raises(TransitionRefused, match="superseded only"):
        services.plan_transition(plan=plan, to=PlanStatus.SUPERSEDED, by=decider(plan))


def test_staff_of_another_body_cannot_move_a_plan():
    plan = plan_through(PlanStatus.PANEL_REVIEW)
    stranger = person(body("dyfed-powys"), Role.DECISION_MAKER)
    with pytest.raises(RoleRequired):
        services.plan_transition(plan=plan, to=PlanStatus.PUBLISHED, by=stranger)
