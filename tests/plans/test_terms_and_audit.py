"""Terms of office in the admin, and the audit trail of plans and priorities."""

import datetime

import pytest
from django.core.exceptions import ValidationError
from django.urls import reverse

from core.audit import events_for
from core.models import Role
from plans import services
from plans.models import PlanStatus, TermOfOffice
from tests.plans.factories import TermOfOfficeFactory, body, person, plan_through

pytestmark = pytest.mark.django_db


def test_a_site_admin_records_a_term_of_office(signed_in):
    client = signed_in("site_admin")
    response = client.post(
        reverse("admin:plans_termofoffice_add"),
        {
            "body": body().pk,
            "holder": "Clare Moody",
            "title": "Police and Crime Commissioner",
            "starts_on": "2024-05-13",
            "ends_on": "2028-05-10",
        },
    )
    assert response.status_code == 302
    term = TermOfOffice.objects.get()
    assert term.plan_due_on == datetime.date(2025, 3, 31)
    assert client.get(reverse("admin:plans_termofoffice_changelist")).status_code == 200


def test_terms_of_one_body_do_not_overlap():
    TermOfOfficeFactory(starts_on=datetime.date(2024, 5, 13), ends_on=datetime.date(2028, 5, 10))
    overlapping = TermOfOffice(
        body=body(),
        holder="Someone",
        title="Police and Crime Commissioner",
        starts_on=datetime.date(2027, 5, 1),
        ends_on=datetime.date(2031, 5, 1),
    )
    with pytest.raises(ValidationError, match="overlaps"):
        overlapping.full_clean()


def test_a_term_ends_after_it_starts():
    term = TermOfOffice(
        body=body(),
        holder="Someone",
        title="Mayor",
        starts_on=datetime.date(2027, 5, 1),
        ends_on=datetime.date(2027, 5, 1),
    )
    with pytest.raises(ValidationError, match="after the start"):
        term.full_clean()


def test_changes_to_a_plan_and_its_priorities_are_in_the_audit_trail_with_the_actor(signed_in):
    plan = plan_through(PlanStatus.DRAFT)
    priority = plan.priorities.first()
    client = signed_in("commissioning_officer_a")
    client.post(
        reverse("plans:priority-edit", kwargs={"pk": plan.pk, "priority_pk": priority.pk}),
        {"title": "Renamed", "description": priority.description},
    )
    last = events_for(priority).last()
    assert last.title == "Renamed"
    assert last.pgh_context.metadata["actor"] == "user:commissioning_officer_a@example.org"
    services.plan_update(
        plan=plan,
        by=person(plan.body, Role.DECISION_MAKER),
        title="A new title",
        first_year=plan.first_year,
        last_year=plan.last_year,
        introduction="",
    )
    events = list(events_for(plan))
    assert [event.pgh_label for event in events] == ["insert", "update"]
    assert (events[0].title, events[1].title) == (plan.title, "A new title")
