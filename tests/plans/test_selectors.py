"""Who reads which plans: office staff, panel members, other bodies, the public."""

import pytest
from django.http import Http404

from plans.models import PlanStatus, RespondentType
from plans.selectors import (
    bodies_with_current_plans,
    consultation_responses_for,
    plan_get_visible_to,
    plan_list_visible_to,
    plan_versions,
    public_plan_get,
)
from tests.plans.factories import BODY_B, advance, body, plan_through

pytestmark = pytest.mark.django_db


@pytest.fixture
def plans():
    published = plan_through(PlanStatus.PUBLISHED, title="Published")
    return {
        "draft": plan_through(
            PlanStatus.DRAFT,
            title="Draft",
            first_year=published.last_year.next(),
            last_year=published.last_year.next(),
        ),
        "consultation": plan_through(PlanStatus.CONSULTATION, title="Consulting"),
        "panel_review": plan_through(PlanStatus.PANEL_REVIEW, title="With panel"),
        "published": published,
    }


def titles(queryset):
    return sorted(queryset.values_list("title", flat=True))


def test_office_staff_read_every_version_of_their_bodys_plans(plans, persona_users):
    for persona in ("commissioning_officer_a", "finance_officer_a", "decision_maker_a"):
        visible = plan_list_visible_to(user=persona_users[persona])
        assert titles(visible) == ["Consulting", "Draft", "Published", "With panel"]


def test_panel_members_read_published_plans_and_the_draft_with_them(plans, persona_users):
    member = persona_users["panel_member_a"]
    assert titles(plan_list_visible_to(user=member)) == ["Published", "With panel"]
    with pytest.raises(Http404):
        plan_get_visible_to(user=member, pk=plans["draft"].pk)
    with pytest.raises(Http404):
        plan_get_visible_to(user=member, pk=plans["consultation"].pk)
    assert plan_get_visible_to(user=member, pk=plans["panel_review"].pk).title == "With panel"


def test_another_bodys_staff_and_panel_see_none_of_it(plans, persona_users):
    for persona in ("staff_b", "panel_member_b", "coopted_assessor_a", "site_admin"):
        user = persona_users[persona]
        assert not plan_list_visible_to(user=user).exists()
        for plan in plans.values():
            with pytest.raises(Http404):
                plan_get_visible_to(user=user, pk=plan.pk)


def test_a_superseded_version_stays_readable_by_the_panel_and_the_public(plans, persona_users):
    old = plans["published"]
    advance(old, PlanStatus.SUPERSEDED)
    assert plan_get_visible_to(user=persona_users["panel_member_a"], pk=old.pk) == old
    assert public_plan_get(body=old.body, pk=old.pk) == old
    assert [p.version for p in plan_versions(plan=old)] == [2, 1]


def test_the_public_reads_only_published_and_superseded_versions(plans):
    for key in ("draft", "consultation", "panel_review"):
        with pytest.raises(Http404):
            public_plan_get(body=body(), pk=plans[key].pk)
    with pytest.raises(Http404):
        public_plan_get(body=body(BODY_B), pk=plans["published"].pk)


def test_individual_responses_are_for_the_office_only(plans, persona_users):
    plan = plans["panel_review"]
    assert plan.consultation_responses.filter(
        respondent_type=RespondentType.CHIEF_CONSTABLE
    ).exists()
    assert consultation_responses_for(plan=plan, user=persona_users["finance_officer_a"]).exists()
    for persona in ("panel_member_a", "staff_b"):
        user = persona_users[persona]
        assert not consultation_responses_for(plan=plan, user=user).exists()


def test_every_body_is_listed_with_its_current_plan(plans):
    listed = dict(bodies_with_current_plans())
    assert len(listed) == 43
    assert listed[body()] == plans["published"]
    assert listed[body(BODY_B)] is None
