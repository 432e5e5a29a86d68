"""The finance officer's home panel: the ended year to close next, until it is closed."""

import pytest
from django.urls import reverse

from funding.home_panels import year_to_close
from tests.funding.factories import LAST_YEAR, body, year_closed, year_end_budget
from tests.funding.ledger_factories import funded_budget

pytestmark = pytest.mark.django_db


def home(client):
    return client.get(reverse("core:home")).content.decode()


def test_a_finance_officer_is_asked_to_close_the_ended_year_until_it_is_closed(client, signed_in):
    signed_in("finance_officer_a")
    assert "has ended and is not closed" not in home(client)
    old = year_end_budget(body_=body())
    page = home(client)
    assert f"{LAST_YEAR} has ended and is not closed yet." in page
    assert reverse("budgets:year-end", args=[str(LAST_YEAR)]) in page
    year_closed(old.body)
    assert "has ended and is not closed" not in home(client)


def test_other_staff_are_not_asked(client, signed_in):
    year_end_budget(body_=body())
    signed_in("commissioning_officer_a")
    assert "has ended and is not closed" not in home(client)


def test_the_earliest_open_year_is_the_one_to_close_in_one_query(django_assert_num_queries):
    avon = body()
    year_end_budget(body_=avon)
    funded_budget(body_=avon, year=LAST_YEAR.previous(), name="Older")
    with django_assert_num_queries(1):
        assert year_to_close(avon) == LAST_YEAR.previous()
