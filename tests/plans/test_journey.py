"""The whole story through the pages, as people without JavaScript would post the forms:
an officer drafts and consults, the panel reports, the decision maker responds and
publishes, the public reads it; then a variation shows what changed."""

import re

import pytest
from django.test import Client
from django.urls import reverse
from django.utils import timezone

from plans.models import Plan, PlanStatus
from tests.harness.personas import PERSONAS, sign_in_persona

pytestmark = pytest.mark.django_db


@pytest.fixture
def as_(persona_users):
    clients = {}

    def client_for(key):
        if key not in clients:
            clients[key] = sign_in_persona(Client(), PERSONAS[key], persona_users[key])
        return clients[key]

    return client_for


def post(client, name, data=None, *, follow=False, **kwargs):
    response = client.post(reverse(name, kwargs=kwargs), data or {}, follow=follow)
    assert response.status_code in (200, 302), response.status_code
    if response.status_code == 200 and not follow:
        errors = re.findall(
            r'govuk-error-summary__list">(.*?)</ul>', response.content.decode(), re.S
        )
        raise AssertionError(f"{name} did not go through: {errors}")
    return response


def date_fields(name, day):
    return {f"{name}_day": day.day, f"{name}_month": day.month, f"{name}_year": day.year}


def test_a_plan_from_draft_to_publication_and_a_variation(as_):
    today = timezone.localdate()
    officer, decider, panel = (
        as_("commissioning_officer_a"),
        as_("decision_maker_a"),
        as_("panel_member_a"),
    )

    # The officer drafts the plan and its priorities.
    post(
        officer,
        "plans:create",
        {
            "title": "Safer Together",
            "first_year": "2026-27",
            "last_year": "2029-30",
            "introduction": "Our first paragraph.\n\nOur second paragraph.",
        },
    )
    plan = Plan.objects.get(title="Safer Together")
    for title in ("Keep people safe", "Support victims"):
        post(
            officer,
            "plans:priority-add",
            {"title": title, "description": f"{title}, always."},
            pk=plan.pk,
        )

    # ...runs the consultation...
    post(
        officer,
        "plans:consultation-schedule",
        {**date_fields("opens_on", today), **date_fields("closes_on", today)},
        pk=plan.pk,
    )
    post(
        officer, "plans:transition", {"note": "Out to consultation"}, pk=plan.pk, to="consultation"
    )
    for respondent_type, content in [
        ("chief_constable", "The force supports it."),
        ("victims_organisation", "A private view from a charity."),
    ]:
        post(
            officer,
            "plans:response-add",
            {
                "respondent_type": respondent_type,
                **date_fields("received_on", today),
                "content": content,
            },
            pk=plan.pk,
        )
    post(officer, "plans:consultation-summary", {"summary": "Broad support."}, pk=plan.pk)
    post(officer, "plans:consultation-close", pk=plan.pk)

    # ...the decision maker sends it to the panel, whose member writes the report...
    post(decider, "plans:transition", pk=plan.pk, to="panel_review")
    post(panel, "plans:panel-report", {"text": "The panel supports the plan."}, pk=plan.pk)
    post(panel, "plans:recommendation-add", {"text": "Publish the measures."}, pk=plan.pk)
    post(panel, "plans:panel-report-submit", pk=plan.pk)

    # ...the decision maker responds and publishes.
    recommendation = plan.panel_recommendations.get()
    post(
        decider,
        "plans:recommendation-respond",
        {"response": "Agreed: they are in the plan."},
        pk=plan.pk,
        recommendation_pk=recommendation.pk,
    )
    post(decider, "plans:transition", {"note": "Approved"}, pk=plan.pk, to="published")
    plan.refresh_from_db()
    assert plan.status == PlanStatus.PUBLISHED

    # Anyone reads it, with the panel's report and the response, never the responses.
    page = (
        Client()
        .get(reverse("plans:public-plan", kwargs={"body": plan.body.slug, "pk": plan.pk}))
        .content.decode()
    )
    for text in (
        "Safer Together",
        "1. Keep people safe",
        "2. Support victims",
        "Broad support.",
        "The panel supports the plan.",
        "Publish the measures.",
        "Agreed: they are in the plan.",
    ):
        assert text in page
    assert "A private view from a charity." not in page
    assert page.index("1. Keep people safe") < page.index("2. Support victims")

    # A variation: the officer renames a priority and rewrites a paragraph; the chief
    # constable and the panel are consulted again; the public page says what changed.
    post(officer, "plans:vary", {"reason": "A new duty."}, pk=plan.pk)
    variation = Plan.objects.get(lineage=plan.lineage, version=2)
    first = variation.priorities.get(position=1)
    post(
        officer,
        "plans:priority-edit",
        {"title": "Keep everyone safe", "description": first.description},
        pk=variation.pk,
        priority_pk=first.pk,
    )
    post(
        officer,
        "plans:edit",
        {
            "title": "Safer Together",
            "first_year": "2026-27",
            "last_year": "2029-30",
            "introduction": "Our first paragraph.\n\nOur rewritten second paragraph.",
            "variation_reason": "A new duty.",
        },
        pk=variation.pk,
    )
    post(
        officer,
        "plans:consultation-schedule",
        {
            **date_fields("opens_on", today),
            **date_fields("closes_on", today),
            "public_consultation": "no",
            "public_skipped_reason": "A small change of wording.",
        },
        pk=variation.pk,
    )
    post(officer, "plans:transition", pk=variation.pk, to="consultation")
    post(
        officer,
        "plans:response-add",
        {
            "respondent_type": "chief_constable",
            **date_fields("received_on", today),
            "content": "Fine.",
        },
        pk=variation.pk,
    )
    post(officer, "plans:consultation-summary", {"summary": "No objection."}, pk=variation.pk)
    post(officer, "plans:consultation-close", pk=variation.pk)
    post(decider, "plans:transition", pk=variation.pk, to="panel_review")
    post(panel, "plans:panel-report", {"text": "No concerns."}, pk=variation.pk)
    post(panel, "plans:panel-report-submit", pk=variation.pk)
    post(decider, "plans:transition", pk=variation.pk, to="published")

    plan.refresh_from_db()
    assert plan.status == PlanStatus.SUPERSEDED
    page = (
        Client()
        .get(reverse("plans:public-plan", kwargs={"body": plan.body.slug, "pk": variation.pk}))
        .content.decode()
    )
    assert "What changed since version 1" in page
    assert "Renamed" in page
    assert "Keep people safe" in page
    assert "Keep everyone safe" in page
    assert "Our rewritten second paragraph." in page
    assert "The public was not consulted on this variation" in page
    old_page = (
        Client()
        .get(reverse("plans:public-plan", kwargs={"body": plan.body.slug, "pk": plan.pk}))
        .content.decode()
    )
    assert "This version has been superseded." in old_page
