"""Two decision makers approve variations of two grants at the same moment, each asking for
the last £6,000 of one budget: exactly one is approved, the other is told the budget has no
room, and the budget's running totals still equal the sums of its entries.

Each approval runs in its own thread and database connection, released together by a
barrier. The ledger's check of the budget's remaining money is wrapped so that the first
caller waits (up to a second) for the other to check too: without the budget locks taken
first (grants.variations.services) both would see £6,000 left and reserve it.
"""

import pytest

from funding.ledger import services as ledger
from funding.ledger.models import Budget
from grants import services
from grants.variations import services as variations
from grants.variations.models import Variation, VariationStatus
from tests.commissioning.decision_factories import deciding_round, decision_maker, officer
from tests.funding.test_ledger_concurrency import race, wait_after
from tests.funding.test_ledger_demo_and_bench import assert_reconciled
from tests.grants.factories import D, proposed_variation, provider


def _two_accepted(round_):
    """Two grants from one decision on the round, each accepted by its provider."""
    from commissioning.decisions import services as decisions
    from tests.commissioning.assessment_factories import submitted_bid
    from tests.commissioning.decision_factories import approvable, successful
    from tests.grants.factories import AMOUNTS, administrator

    bids = [submitted_bid(round_, organisation=provider()) for _ in range(2)]
    decision = decisions.decision_approve(
        decision=approvable(round_, [successful(bid, *AMOUNTS) for bid in bids]),
        by=decision_maker(round_.lead_body),
    )
    awards = []
    for outcome in decision.outcomes.order_by("pk"):
        award = services.award_make(outcome=outcome, by=officer(round_.lead_body))
        services.award_offer(award=award, by=officer(award.body))
        awards.append(
            services.award_accept(
                award=award,
                by=administrator(award.organisation),
                accepted_name="Alex",
                confirmed=True,
            )
        )
    return awards


@pytest.mark.django_db(transaction=True)
def test_two_variations_racing_for_the_last_pounds_of_a_budget_one_wins(monkeypatch):
    round_ = deciding_round(amount=D("30000.00"))
    awards = _two_accepted(round_)
    budget = awards[0].amounts.order_by("year").first().budget
    budget.refresh_from_db()
    assert budget.remaining == D("6000.00")
    proposals = [proposed_variation(award, amounts={budget: D("18000.00")}) for award in awards]
    deciders = [decision_maker(round_.lead_body), decision_maker(round_.lead_body)]
    monkeypatch.setattr(ledger, "_require_remaining", wait_after(ledger, "_require_remaining", 2))

    def approve(index):
        return variations.variation_approve(
            variation=Variation.objects.get(pk=proposals[index].pk), by=deciders[index]
        )

    outcomes = race(approve, [0, 1])
    assert sorted(kind for kind, _i, _r in outcomes) == ["ok", "refused"]
    statuses = sorted(Variation.objects.values_list("status", flat=True))
    assert statuses == [VariationStatus.APPROVED, VariationStatus.AWAITING_APPROVAL]
    budget = Budget.objects.get(pk=budget.pk)
    assert (budget.reserved, budget.remaining) == (D("6000.00"), D("0.00"))
    assert_reconciled([budget])
