"""The home page: the office sees its plan deadline, flagged when near or past; the panel
sees the drafts waiting for its report."""

import datetime

import pytest
import time_machine
from django.urls import reverse

from plans.models import PlanStatus
from tests.plans.factories import TermOfOfficeFactory, plan_through

pytestmark = pytest.mark.django_db

# A term beginning in May 2024 sets a deadline of 31 March 2025.
TERM = {"starts_on": datetime.date(2024, 5, 13), "ends_on": datetime.date(2028, 5, 10)}


def home(client):
    return client.get(reverse("core:home")).content.decode()


def at(day):
    return time_machine.travel(datetime.datetime.combine(day, datetime.time(12), datetime.UTC))


def test_a_plan_due_within_60_days_is_flagged_with_the_days_left(signed_in):
    TermOfOfficeFactory(**TERM)
    with at(datetime.date(2025, 2, 14)):
        plan_through(PlanStatus.CONSULTATION, title="Our draft")
        page = home(signed_in("finance_officer_a"))
    assert "Police and crime plan" in page
    assert "The plan is due by 31 March 2025: 45 days left." in page
    assert "govuk-warning-text" in page
    assert "Our draft" in page


def test_an_overdue_plan_is_flagged(signed_in):
    TermOfOfficeFactory(**TERM)
    with at(datetime.date(2025, 4, 10)):
        page = home(signed_in("decision_maker_a"))
    assert "The plan was due by 31 March 2025: 10 days overdue." in page


def test_a_deadline_months_away_is_shown_but_not_flagged(signed_in):
    TermOfOfficeFactory(**TERM)
    with at(datetime.date(2024, 9, 1)):
        page = home(signed_in("commissioning_officer_a"))
    assert "211 days left" in page
    assert "govuk-warning-text" not in page


def test_a_deadline_met_is_not_flagged(signed_in):
    TermOfOfficeFactory(**TERM)
    with at(datetime.date(2025, 1, 10)):
        plan_through(PlanStatus.PUBLISHED, title="Issued plan")
    with at(datetime.date(2025, 3, 1)):
        page = home(signed_in("commissioning_officer_a"))
    assert "it was published on 10 January 2025" in page
    assert "govuk-warning-text" not in page


def test_without_a_term_the_office_is_told_who_can_add_it(signed_in):
    page = home(signed_in("commissioning_officer_a"))
    assert "No term of office is recorded" in page


def test_panel_members_see_the_drafts_waiting_for_their_report(signed_in):
    plan_through(PlanStatus.PANEL_REVIEW, title="For the panel")
    page = home(signed_in("panel_member_a"))
    assert "Plans with the police and crime panel" in page
    assert "For the panel" in page
    assert "waiting for the panel's report" in page
    assert "Police and crime plan</h2>" not in page  # the office's panel


def test_people_without_a_role_see_no_plans_panel(signed_in):
    page = home(signed_in("site_admin"))
    assert "Police and crime plan" not in page
