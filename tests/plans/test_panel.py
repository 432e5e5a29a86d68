"""The panel's report and recommendations, and the decision maker's responses."""

import pytest

from core.models import Role
from plans import services
from plans.errors import PanelReportIncomplete, RoleRequired, TransitionRefused
from plans.models import PanelReport, PlanStatus
from tests.plans.factories import body, person, plan_through

pytestmark = pytest.mark.django_db


@pytest.fixture
def plan():
    return plan_through(PlanStatus.PANEL_REVIEW)


def panel(plan):
    return person(plan.body, Role.PANEL_MEMBER)


def decider(plan):
    return person(plan.body, Role.DECISION_MAKER)


def test_a_panel_member_writes_the_report_and_recommendations(plan):
    services.panel_report_save(plan=plan, by=panel(plan), text="We support it.")
    first = services.panel_recommendation_add(plan=plan, by=panel(plan), text="Hear victims.")
    second = services.panel_recommendation_add(plan=plan, by=panel(plan), text="Publish data.")
    report = PanelReport.objects.get(plan=plan)
    assert report.text == "We support it."
    assert report.entered_by == panel(plan)
    assert not report.on_behalf_of_panel
    assert (first.position, second.position) == (1, 2)


def test_the_office_may_enter_the_report_on_the_panels_behalf(plan):
    officer = person(plan.body, Role.COMMISSIONING_OFFICER)
    report = services.panel_report_save(plan=plan, by=officer, text="The panel's report.")
    assert report.on_behalf_of_panel


def test_a_finance_officer_does_not_write_the_panels_report(plan):
    with pytest.raises(RoleRequired):
        services.panel_report_save(
            plan=plan, by=person(plan.body, Role.FINANCE_OFFICER), text="No."
        )


def test_panel_members_of_another_body_do_not_write_the_report(plan):
    with pytest.raises(RoleRequired):
        services.panel_report_save(
            plan=plan, by=person(body("dyfed-powys"), Role.PANEL_MEMBER), text="No."
        )


def test_the_report_is_written_only_while_the_plan_is_with_the_panel():
    plan = plan_through(PlanStatus.CONSULTATION)
    with pytest.raises(TransitionRefused):
        services.panel_report_save(plan=plan, by=panel(plan), text="Too early.")


def test_removing_a_recommendation_renumbers_the_rest(plan):
    services.panel_recommendation_add(plan=plan, by=panel(plan), text="One")
    two = services.panel_recommendation_add(plan=plan, by=panel(plan), text="Two")
    services.panel_recommendation_add(plan=plan, by=panel(plan), text="Three")
    services.panel_recommendation_remove(recommendation=two, by=panel(plan))
    assert list(plan.panel_recommendations.values_list("position", "text")) == [
        (1, "One"),
        (2, "Three"),
    ]


def test_an_empty_report_cannot_be_sent(plan):
    with pytest.raises(PanelReportIncomplete, match="Write the panel's report"):
        services.panel_report_submit(plan=plan, by=panel(plan))


def test_a_sent_report_no_longer_changes(plan):
    services.panel_report_save(plan=plan, by=panel(plan), text="Final.")
    recommendation = services.panel_recommendation_add(plan=plan, by=panel(plan), text="One")
    services.panel_report_submit(plan=plan, by=panel(plan))
    with pytest.raises(PanelReportIncomplete):
        services.panel_report_save(plan=plan, by=panel(plan), text="Changed.")
    with pytest.raises(PanelReportIncomplete):
        services.panel_recommendation_update(
            recommendation=recommendation, by=panel(plan), text="Changed."
        )
    with pytest.raises(PanelReportIncomplete):
        services.panel_recommendation_add(plan=plan, by=panel(plan), text="Another")


def test_the_decision_maker_responds_once_the_report_is_sent(plan):
    services.panel_report_save(plan=plan, by=panel(plan), text="Report.")
    recommendation = services.panel_recommendation_add(plan=plan, by=panel(plan), text="One")
    with pytest.raises(PanelReportIncomplete, match="not yet sent"):
        services.recommendation_respond(
            recommendation=recommendation, by=decider(plan), response="Agreed."
        )
    services.panel_report_submit(plan=plan, by=panel(plan))
    answered = services.recommendation_respond(
        recommendation=recommendation, by=decider(plan), response="Agreed."
    )
    assert answered.has_response
    assert answered.responded_by == decider(plan)


def test_only_a_decision_maker_responds(plan):
    services.panel_report_save(plan=plan, by=panel(plan), text="Report.")
    recommendation = services.panel_recommendation_add(plan=plan, by=panel(plan), text="One")
    services.panel_report_submit(plan=plan, by=panel(plan))
    for role in (Role.COMMISSIONING_OFFICER, Role.PANEL_MEMBER, Role.FINANCE_OFFICER):
        with pytest.raises(RoleRequired):
            services.recommendation_respond(
                recommendation=recommendation, by=person(plan.body, role), response="Yes."
            )


def test_a_response_needs_words(plan):
    services.panel_report_save(plan=plan, by=panel(plan), text="Report.")
    recommendation = services.panel_recommendation_add(plan=plan, by=panel(plan), text="One")
    services.panel_report_submit(plan=plan, by=panel(plan))
    with pytest.raises(PanelReportIncomplete, match="Enter your response"):
        services.recommendation_respond(
            recommendation=recommendation, by=decider(plan), response="  "
        )


def test_a_panel_member_edits_nothing_but_the_report(plan):
    member = panel(plan)
    with pytest.raises(RoleRequired):
        services.plan_update(
            plan=plan,
            by=member,
            title="Changed",
            first_year=plan.first_year,
            last_year=plan.last_year,
            introduction="",
        )
    with pytest.raises(RoleRequired):
        services.priority_add(plan=plan, by=member, title="Mine", description="Mine")
    with pytest.raises(RoleRequired):
        services.priority_update(
            priority=plan.priorities.first(), by=member, title="Mine", description="Mine"
        )
    with pytest.raises(RoleRequired):
        services.plan_link_add(plan=plan, by=member, title="Mine", url="https://example.org")
    with pytest.raises(RoleRequired):
        services.plan_transition(plan=plan, to=PlanStatus.PUBLISHED, by=member)
