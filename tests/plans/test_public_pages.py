"""The public pages: no sign-in, published versions only, responses never shown."""

import pytest
from django.test import Client
from django.urls import reverse

from plans.models import PlanStatus
from tests.harness.personas import PERSONAS, sign_in_persona
from tests.plans.factories import BODY_B, advance, body, plan_through

pytestmark = pytest.mark.django_db


def public_url(plan):
    return reverse("plans:public-plan", kwargs={"body": plan.body.slug, "pk": plan.pk})


def test_every_body_is_listed_with_its_current_plan(client):
    plan = plan_through(PlanStatus.PUBLISHED, title="Safer Streets")
    page = client.get(reverse("plans:public-index")).content.decode()
    assert "Safer Streets" in page
    assert public_url(plan) in page
    assert page.count("No plan published here yet") == 42


def test_the_plan_page_shows_priorities_in_order_the_summary_and_the_panel(client):
    plan = plan_through(
        PlanStatus.PUBLISHED,
        priorities=[("Zebra first", "z"), ("Aardvark second", "a")],
        recommendations=("Publish the data.",),
    )
    page = client.get(public_url(plan)).content.decode()
    assert page.index("1. Zebra first") < page.index("2. Aardvark second")
    assert "Most people agreed." in page  # the consultation summary
    assert "The panel supports the plan." in page
    assert "Publish the data." in page
    assert "Agreed; we will." in page
    # Individual responses and who sent them never appear.
    assert "We support the plan." not in page


def test_drafts_are_not_found_publicly(client):
    for status in (PlanStatus.DRAFT, PlanStatus.CONSULTATION, PlanStatus.PANEL_REVIEW):
        plan = plan_through(status, title=f"Plan {status}")
        assert client.get(public_url(plan)).status_code == 404


def test_a_plan_is_found_only_under_its_own_body(client):
    plan = plan_through(PlanStatus.PUBLISHED)
    url = reverse("plans:public-plan", kwargs={"body": body(BODY_B).slug, "pk": plan.pk})
    assert client.get(url).status_code == 404
    assert (
        client.get(reverse("plans:public-archive", kwargs={"body": "nowhere"})).status_code == 404
    )


def test_the_archive_keeps_earlier_versions_and_marks_them_superseded(client):
    first = plan_through(PlanStatus.PUBLISHED)
    advance(first, PlanStatus.SUPERSEDED)
    archive = client.get(
        reverse("plans:public-archive", kwargs={"body": first.body.slug})
    ).content.decode()
    assert "Superseded" in archive
    assert public_url(first) in archive
    old = client.get(public_url(first)).content.decode()
    assert "This version has been superseded." in old


def test_staff_who_have_not_verified_read_public_pages(persona_users):
    client = sign_in_persona(
        Client(), PERSONAS["unverified_staff_a"], persona_users["unverified_staff_a"]
    )
    plan = plan_through(PlanStatus.PUBLISHED)
    assert client.get(public_url(plan)).status_code == 200
    assert client.get(reverse("plans:public-index")).status_code == 200


def test_signed_in_readers_are_offered_the_pdf_and_the_public_a_print_stylesheet(client, signed_in):
    plan = plan_through(PlanStatus.PUBLISHED)
    anonymous = client.get(public_url(plan)).content.decode()
    assert "plans/print.css" in anonymous
    assert "Download the plan (PDF)" not in anonymous
    page = signed_in("panel_member_b").get(public_url(plan)).content.decode()
    assert "Download the plan (PDF)" in page
