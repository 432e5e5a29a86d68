"""The office's and the panel's pages: what each role sees and may do."""

import pytest
from django.urls import reverse

from plans.models import Plan, PlanStatus
from tests.plans.factories import advance, plan_through

pytestmark = pytest.mark.django_db


def detail(plan):
    return reverse("plans:detail", kwargs={"pk": plan.pk})


def test_staff_of_another_body_get_404_for_a_draft(signed_in):
    plan = plan_through(PlanStatus.DRAFT)
    assert signed_in("staff_b").get(detail(plan)).status_code == 404


def test_a_finance_officer_reads_but_has_no_edit_controls_and_gets_403_on_edit(signed_in):
    plan = plan_through(PlanStatus.DRAFT)
    client = signed_in("finance_officer_a")
    page = client.get(detail(plan)).content.decode()
    assert plan.title in page
    assert reverse("plans:edit", kwargs={"pk": plan.pk}) not in page
    assert reverse("plans:priority-add", kwargs={"pk": plan.pk}) not in page
    assert client.get(reverse("plans:edit", kwargs={"pk": plan.pk})).status_code == 403
    response = client.post(
        reverse("plans:edit", kwargs={"pk": plan.pk}),
        {"title": "Mine", "first_year": "2025-26", "last_year": "2025-26"},
    )
    assert response.status_code == 403
    assert Plan.objects.get(pk=plan.pk).title == plan.title


def test_panel_members_see_the_draft_with_them_and_can_only_write_the_report(signed_in):
    plan = plan_through(PlanStatus.PANEL_REVIEW)
    client = signed_in("panel_member_a")
    page = client.get(detail(plan)).content.decode()
    assert reverse("plans:panel-report", kwargs={"pk": plan.pk}) in page
    for name in ("plans:edit", "plans:priority-add", "plans:consultation"):
        url = reverse(name, kwargs={"pk": plan.pk})
        assert url not in page
        assert client.get(url).status_code == 403
    priority = plan.priorities.first()
    url = reverse("plans:priority-edit", kwargs={"pk": plan.pk, "priority_pk": priority.pk})
    assert client.post(url, {"title": "Ours", "description": "Ours"}).status_code == 403
    assert client.get(reverse("plans:panel-report", kwargs={"pk": plan.pk})).status_code == 200


def test_panel_members_do_not_see_drafts_that_are_not_with_them(signed_in):
    draft = plan_through(PlanStatus.DRAFT, title="Draft")
    consulting = plan_through(PlanStatus.CONSULTATION, title="Consulting")
    client = signed_in("panel_member_a")
    for plan in (draft, consulting):
        assert client.get(detail(plan)).status_code == 404
    page = client.get(reverse("plans:list")).content.decode()
    assert "Draft" not in page
    assert "Consulting" not in page


def test_panel_members_of_another_body_get_404_for_a_draft_with_the_panel(signed_in):
    plan = plan_through(PlanStatus.PANEL_REVIEW)
    assert signed_in("panel_member_b").get(detail(plan)).status_code == 404


def test_the_panels_view_lists_the_current_plan_its_versions_and_the_draft_with_them(
    signed_in,
):
    first = plan_through(PlanStatus.PUBLISHED, title="Our plan")
    advance(first, PlanStatus.SUPERSEDED)
    current = Plan.objects.get(lineage=first.lineage, status=PlanStatus.PUBLISHED)
    with_them = plan_through(PlanStatus.PANEL_REVIEW, varies=current)
    page = signed_in("panel_member_a").get(reverse("plans:list")).content.decode()
    for plan in (first, current, with_them):
        assert detail(plan) in page
    assert "Start a new plan" not in page


def test_a_refusal_is_shown_on_the_form_with_what_was_typed(signed_in):
    plan = plan_through(PlanStatus.PANEL_REVIEW)
    client = signed_in("decision_maker_a")
    url = reverse("plans:transition", kwargs={"pk": plan.pk, "to": "published"})
    page = client.post(url, {"note": "My careful note"}).content.decode()
    assert "There is a problem" in page
    assert "The panel has not yet sent its report" in page
    assert "My careful note" in page
    assert Plan.objects.get(pk=plan.pk).status == PlanStatus.PANEL_REVIEW


def test_bad_input_gets_a_message_beside_the_field_and_keeps_what_was_typed(signed_in):
    client = signed_in("commissioning_officer_a")
    response = client.post(
        reverse("plans:create"),
        {
            "title": "Kept title",
            "first_year": "2026-27",
            "last_year": "25-26",
            "introduction": "Kept",
        },
    )
    page = response.content.decode()
    assert response.status_code == 200
    assert "<title>Error:" in page
    assert "Enter a financial year like 2025-26" in page
    assert 'value="Kept title"' in page
    assert "Kept</textarea>" in page
    assert not Plan.objects.exists()


def test_a_published_plan_sends_editors_back_with_the_reason(signed_in):
    plan = plan_through(PlanStatus.PUBLISHED)
    client = signed_in("commissioning_officer_a")
    response = client.get(reverse("plans:edit", kwargs={"pk": plan.pk}), follow=True)
    assert "can no longer be changed" in response.content.decode()


def test_the_decision_maker_is_offered_the_moves_the_officer_is_not(signed_in):
    plan = plan_through(PlanStatus.CONSULTATION)
    advance_to_closed = reverse("plans:transition", kwargs={"pk": plan.pk, "to": "panel_review"})
    officer_page = signed_in("commissioning_officer_a").get(detail(plan)).content.decode()
    assert advance_to_closed not in officer_page
    assert signed_in("commissioning_officer_a").get(advance_to_closed).status_code == 403


def test_the_history_says_who_moved_the_plan_and_when(signed_in):
    plan = plan_through(PlanStatus.PANEL_REVIEW)
    page = signed_in("finance_officer_a").get(detail(plan)).content.decode()
    assert "Moved to with the panel" in page
    assert "Moved to in consultation" in page


def test_opening_the_consultation_says_the_dates_are_needed_before_the_button(signed_in):
    plan = plan_through(PlanStatus.DRAFT)
    page = signed_in("commissioning_officer_a").get(detail(plan)).content.decode()
    hint = page.index("first enter the dates it opens and closes")
    button = page.index(">Open the consultation</a>")
    assert hint < button
    assert reverse("plans:consultation", kwargs={"pk": plan.pk}) in page[hint:button]
