"""The plan deadline: the 31 March that ends the financial year the term began in."""

import datetime

import pytest
import time_machine

from core.financial_years import FinancialYear
from plans.deadlines import plan_deadline_for
from plans.models import PlanStatus, TermOfOffice
from tests.plans.factories import TermOfOfficeFactory, advance, body, plan_through

pytestmark = pytest.mark.django_db

# Elections are in May: a term beginning 13 May 2024 is in 2024-25, so its plan is due by
# 31 March 2025.
TERM_STARTS = datetime.date(2024, 5, 13)


@pytest.fixture
def term():
    return TermOfOfficeFactory(starts_on=TERM_STARTS, ends_on=datetime.date(2028, 5, 10))


def test_the_plan_is_due_by_the_end_of_the_financial_year_the_term_began(term):
    assert term.plan_due_on == datetime.date(2025, 3, 31)


def test_a_term_beginning_on_31_march_gives_no_time_at_all():
    term = TermOfOfficeFactory(starts_on=datetime.date(2025, 3, 31))
    assert term.plan_due_on == datetime.date(2025, 3, 31)


def test_a_term_beginning_on_1_april_gives_a_whole_year():
    term = TermOfOfficeFactory(starts_on=datetime.date(2025, 4, 1))
    assert term.plan_due_on == datetime.date(2026, 3, 31)


@time_machine.travel(datetime.datetime(2025, 1, 30, 12, tzinfo=datetime.UTC))
def test_sixty_days_before_it_is_due_soon(term):
    deadline = plan_deadline_for(body=body())
    assert deadline.days_left == 60
    assert deadline.is_due_soon
    assert not deadline.is_overdue


@time_machine.travel(datetime.datetime(2025, 1, 29, 12, tzinfo=datetime.UTC))
def test_sixty_one_days_before_it_is_not_yet_flagged(term):
    deadline = plan_deadline_for(body=body())
    assert deadline.days_left == 61
    assert not deadline.needs_attention


@time_machine.travel(datetime.datetime(2025, 3, 31, 22, 30, tzinfo=datetime.UTC))
def test_on_the_last_evening_in_london_it_is_due_today_not_overdue(term):
    # 22:30 UTC on 31 March is 23:30 in London (BST began on 30 March 2025).
    deadline = plan_deadline_for(body=body())
    assert deadline.days_left == 0
    assert deadline.is_due_soon


@time_machine.travel(datetime.datetime(2025, 3, 31, 23, 30, tzinfo=datetime.UTC))
def test_after_midnight_in_london_it_is_overdue(term):
    deadline = plan_deadline_for(body=body())
    assert deadline.days_left == -1
    assert deadline.is_overdue
    assert deadline.days_overdue == 1


def test_a_plan_published_in_the_term_meets_the_deadline(term):
    with time_machine.travel(datetime.datetime(2025, 2, 1, 12, tzinfo=datetime.UTC)):
        plan = plan_through(PlanStatus.PUBLISHED)
    with time_machine.travel(datetime.datetime(2025, 6, 1, 12, tzinfo=datetime.UTC)):
        deadline = plan_deadline_for(body=body())
    assert deadline.met_by == plan
    assert not deadline.needs_attention


def test_a_plan_published_before_the_term_does_not_meet_it(term):
    with time_machine.travel(datetime.datetime(2024, 4, 1, 12, tzinfo=datetime.UTC)):
        plan_through(
            PlanStatus.PUBLISHED, first_year=FinancialYear(2024), last_year=FinancialYear(2024)
        )
    with time_machine.travel(datetime.datetime(2025, 4, 2, 12, tzinfo=datetime.UTC)):
        deadline = plan_deadline_for(body=body())
    assert deadline.met_by is None
    assert deadline.is_overdue


def test_a_variation_of_an_older_plan_does_not_meet_a_new_terms_deadline(term):
    with time_machine.travel(datetime.datetime(2024, 4, 1, 12, tzinfo=datetime.UTC)):
        old = plan_through(PlanStatus.PUBLISHED)
    with time_machine.travel(datetime.datetime(2024, 9, 1, 12, tzinfo=datetime.UTC)):
        advance(old, PlanStatus.SUPERSEDED)
        deadline = plan_deadline_for(body=body())
    assert deadline.met_by is None


def test_without_a_term_there_is_no_deadline():
    assert plan_deadline_for(body=body()) is None


def test_the_current_term_is_the_one_in_office_today():
    TermOfOfficeFactory(starts_on=datetime.date(2021, 5, 13), ends_on=datetime.date(2024, 5, 12))
    current = TermOfOfficeFactory(starts_on=TERM_STARTS, ends_on=datetime.date(2028, 5, 10))
    on = datetime.date(2025, 1, 1)
    assert TermOfOffice.objects.current(body=body(), on=on) == current
