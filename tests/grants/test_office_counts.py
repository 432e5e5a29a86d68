"""The office's counts that stay cheap at 20,000 awards (issue 14): the decisions with
awards still to make start from the body's decisions, and the instalments due are counted
up to a limit, past which the list and the home panel say "More than ..." while every page
of the list stays reachable; the returns lists and their tabs' counts likewise."""

import pytest
from django.urls import reverse

from core.working_days import london_today
from grants import selectors, services, views
from grants.home_panels import decisions_to_award
from grants.returns import selectors as returns_selectors
from grants.returns import views as returns_views
from tests.commissioning.decision_factories import officer
from tests.grants.factories import accepted_award, decided_outcome, draft_award, submitted_return

pytestmark = pytest.mark.django_db


def test_a_decision_is_listed_with_its_missing_awards_until_every_one_is_made():
    waiting = decided_outcome()
    done = draft_award(round_=None)
    body = waiting.decision.body
    assert done.body == body
    listed = {decision.pk: decision.missing for decision in decisions_to_award(body)}
    assert listed == {waiting.decision_id: 1}

    services.award_make(outcome=waiting, by=officer(body))
    assert list(decisions_to_award(body)) == []


def _due_awards(n):
    awards = [accepted_award() for _ in range(n)]
    body = awards[0].body
    due = selectors.instalments_due(body=body, today=london_today()).count()
    # Every award's schedule starts in the round's first year: at least two quarters fall
    # due by the end of this month whatever day the suite runs.
    assert due >= 2 * n, "fewer instalments due than the test needs"
    return body, due


def test_the_instalments_due_are_counted_up_to_the_limit_and_every_page_stays_reachable(
    client, signed_in, monkeypatch
):
    _body, due = _due_awards(3)
    monkeypatch.setattr(selectors, "DUE_COUNT_LIMIT", 2)
    monkeypatch.setattr(views, "PAGE_SIZE", 1)  # two instalments a page
    signed_in("finance_officer_a")
    url = reverse("grants:instalments-due")

    first = client.get(url).content.decode()
    # Page 1 counts up to 4 (the limit, or enough for a page 2): more are due.
    assert "More than 4 instalments" in first
    assert 'rel="next"' in first

    last_page = (due + 1) // 2
    last = client.get(url, {"page": last_page}).content.decode()
    assert f"{due} instalments" in last
    assert "More than" not in last
    assert 'rel="next"' not in last
    # The rows of the last page (the table's rows less its header's).
    assert last.count('class="govuk-table__row"') - 1 == due - 2 * (last_page - 1)


def test_the_home_panel_says_more_than_the_limit(client, signed_in, monkeypatch):
    _body, due = _due_awards(2)
    signed_in("finance_officer_a")
    assert f"{due} instalments due this month" in client.get("/").content.decode()

    monkeypatch.setattr(selectors, "DUE_COUNT_LIMIT", due - 1)
    monkeypatch.setattr("grants.home_panels.DUE_COUNT_LIMIT", due - 1)
    page = client.get("/").content.decode()
    assert f"More than {due - 1} instalments due this month" in page


def test_the_returns_panel_says_more_than_the_limit(client, signed_in, monkeypatch):
    award = accepted_award()  # of body A, the personas' body
    first, second = award.monitoring_returns.order_by("number")[:2]
    submitted_return(first)
    submitted_return(second)
    signed_in("commissioning_officer_a")
    assert "2 returns waiting for review" in client.get("/").content.decode()

    monkeypatch.setattr("grants.returns.home_panels.COUNT_LIMIT", 1)
    page = client.get("/").content.decode()
    assert "More than 1 returns waiting for review" in page


def test_the_returns_list_counts_up_to_the_limit_and_every_page_stays_reachable(
    client, signed_in, monkeypatch
):
    award = accepted_award()
    waiting = list(award.monitoring_returns.order_by("number")[:3])
    for monitoring_return in waiting:
        submitted_return(monitoring_return)
    monkeypatch.setattr(returns_selectors, "REVIEW_COUNT_LIMIT", 1)
    monkeypatch.setattr(returns_views, "PAGE_SIZE", 1)
    signed_in("commissioning_officer_a")
    url = reverse("grants:returns")

    first = client.get(url).content.decode()
    # The tab's count and the list's stop past 1 (page 1 counts to 2, for a page 2).
    assert "More than 1 waiting for review;" in first
    assert "More than 2 returns" in first
    assert 'rel="next"' in first

    last = client.get(url, {"page": 3}).content.decode()
    assert "3 returns" in last
    assert "More than 2 returns" not in last
    assert 'rel="next"' not in last
    assert f"return {waiting[2].number}" in last

    # A provider's name filters the list: its count is its own, not the tab's.
    other = client.get(url, {"provider": "no such provider"}).content.decode()
    assert "0 returns" in other
    assert "More than 1 waiting for review;" in other


def test_the_grant_list_counts_up_to_the_limit_and_every_page_stays_reachable(
    client, signed_in, monkeypatch
):
    awards = [accepted_award() for _ in range(3)]
    monkeypatch.setattr(selectors, "LIST_COUNT_LIMIT", 1)
    monkeypatch.setattr(views, "PAGE_SIZE", 1)
    signed_in("commissioning_officer_a")
    url = reverse("grants:list")
    listed = selectors.award_list_for_office(body=awards[0].body).count()

    first = client.get(url).content.decode()
    # Page 1 counts up to 2 (the limit, or enough for a page 2).
    assert "More than 2 grants" in first
    assert 'rel="next"' in first

    last = client.get(url, {"page": listed}).content.decode()
    assert f"{listed} grants" in last
    assert "More than" not in last
    assert 'rel="next"' not in last
