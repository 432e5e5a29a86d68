"""Two decision makers approve two decisions at the same moment, each wanting most of what a
budget has left: exactly one reserves, the other is refused with the figures, and the numbers
have no gap.

Each approval runs in its own thread and database connection, released together by a barrier.
The ledger's check of what remains is wrapped so that the first approval to check waits (up to
a second) for the other to check too: without the budget's row lock both would pass on the
same figures. With the lock (taken first, in the order of commissioning.decisions.services),
the second queues behind the first and checks what the first left.
"""

import contextlib
import threading

import pytest
from django.test import Client
from django.urls import reverse

from commissioning.decisions import services
from commissioning.decisions.models import Decision, DecisionStatus
from funding.ledger import services as ledger
from funding.ledger.errors import BudgetExceeded
from funding.ledger.models import Budget, Commitment
from tests.commissioning.decision_factories import (
    D,
    approvable,
    bids_of,
    budgets_of,
    deciding_round,
    decision_maker,
    successful,
)
from tests.funding.test_ledger_concurrency import kinds, race, wait_after
from tests.harness.personas import sign_in_verified


@pytest.mark.django_db(transaction=True)
def test_two_decisions_racing_for_the_last_money_of_a_budget_reserve_exactly_once(monkeypatch):
    round_ = deciding_round(amount=D("30000.00"))
    first, second = bids_of(round_, 2)
    decisions = [
        approvable(round_, [successful(first, D("20000.00"))]),
        approvable(round_, [successful(second, D("20000.00"))]),
    ]
    makers = {d.pk: decision_maker(round_.lead_body) for d in decisions}
    monkeypatch.setattr(ledger, "_require_remaining", wait_after(ledger, "_require_remaining", 2))

    def approve(decision):
        return services.decision_approve(decision=decision, by=makers[decision.pk])

    outcomes = race(approve, decisions)
    assert kinds(outcomes) == ["ok", "refused"]
    (refused,) = [error for kind, _d, error in outcomes if kind == "refused"]
    assert isinstance(refused, BudgetExceeded)
    assert refused.extra["remaining"] == D("10000.00")
    pot = Budget.objects.get(pk=budgets_of(round_)[0].pk)
    assert (pot.reserved, pot.remaining) == (D("20000.00"), D("10000.00"))
    assert Commitment.objects.count() == 1
    approved = Decision.objects.get(status=DecisionStatus.APPROVED)
    assert approved.number.endswith("/001")
    assert Decision.objects.filter(status=DecisionStatus.DRAFT, number="").count() == 1


@pytest.mark.django_db(transaction=True)
def test_approve_sent_twice_at_once_reserves_and_numbers_once_and_both_pages_say_approved(
    monkeypatch,
):
    """Tried as a decision maker double-clicking without JavaScript: both requests read the
    draft before either approved it. Exactly one reservation and one number; the second
    page no longer answered with the approval form and an error, but with the decision."""
    round_ = deciding_round()
    (bid,) = bids_of(round_, 1)
    decision = approvable(round_, [successful(bid, D("3000.00"))])
    maker = decision_maker(round_.lead_body)
    both_read = threading.Barrier(2, timeout=5)
    original = services.decision_approve

    def approve_once_both_have_read(**kwargs):
        with contextlib.suppress(threading.BrokenBarrierError):
            both_read.wait()
        return original(**kwargs)

    monkeypatch.setattr(services, "decision_approve", approve_once_both_have_read)
    url = reverse("commissioning:decision-approve", args=[decision.pk])

    def post(_n):
        client = sign_in_verified(Client(), maker)
        response = client.post(url, {}, follow=True)
        return response.redirect_chain, response.content.decode()

    outcomes = race(post, [1, 2])
    assert kinds(outcomes) == ["ok", "ok"]
    detail = reverse("commissioning:decision", args=[decision.pk])
    for _kind, _n, (chain, _page) in outcomes:
        assert chain == [(detail, 302)]
    decision.refresh_from_db()
    assert decision.status == DecisionStatus.APPROVED
    assert decision.number.endswith("/001")
    assert Commitment.objects.count() == 1
    pages = sorted(page for _kind, _n, (_chain, page) in outcomes)
    assert any("approved once, not twice" in page for page in pages)


@pytest.mark.django_db(transaction=True)
def test_publish_sent_twice_at_once_tells_each_organisation_once_and_both_pages_say_published(
    monkeypatch, persona_users
):
    round_ = deciding_round()
    (bid,) = bids_of(round_, 1)
    decision = approvable(round_, [successful(bid, D("3000.00"))])
    services.decision_approve(decision=decision, by=decision_maker(round_.lead_body))
    both_read = threading.Barrier(2, timeout=5)
    original = services.decision_publish

    def publish_once_both_have_read(**kwargs):
        with contextlib.suppress(threading.BrokenBarrierError):
            both_read.wait()
        return original(**kwargs)

    monkeypatch.setattr(services, "decision_publish", publish_once_both_have_read)
    url = reverse("commissioning:decision-publish", args=[decision.pk])
    officer = persona_users["commissioning_officer_a"]

    def post(_n):
        client = sign_in_verified(Client(), officer)
        response = client.post(url, {}, follow=True)
        return response.redirect_chain, response.content.decode()

    outcomes = race(post, [1, 2])
    assert kinds(outcomes) == ["ok", "ok"]
    detail = reverse("commissioning:decision", args=[decision.pk])
    for _kind, _n, (chain, _page) in outcomes:
        assert chain == [(detail, 302)]
    assert any("published once, not twice" in page for _k, _n, (_c, page) in outcomes)
    decision.refresh_from_db()
    assert decision.published_by == officer
