"""The ledger's services: what each movement does to the figures, and what they refuse."""

import datetime
from decimal import Decimal

import pytest
from django.contrib.contenttypes.models import ContentType

from core.models import Membership, Role
from funding import services
from funding.ledger.errors import (
    AllocationExceeded,
    BudgetExceeded,
    CommitmentExceeded,
    DecisionLimitExceeded,
    LedgerRefused,
    RingFenced,
    RoleRequired,
)
from funding.ledger.models import (
    Budget,
    Commitment,
    ContributionStatus,
    LedgerEntry,
    PartnerKind,
    VirementStatus,
)
from funding.reference import MOJ_VICTIMS_SERVICES
from plans.models import PriorityThread
from tests.funding.ledger_factories import (
    allocation,
    budget,
    decision_maker,
    finance_officer,
    funded_budget,
    purpose,
    reserved,
)
from tests.plans.factories import BODY_B, body, person

pytestmark = pytest.mark.django_db
D = Decimal


def fresh(budget_):
    return Budget.objects.get(pk=budget_.pk)


def test_a_reservation_becomes_a_commitment_then_is_released_paid_and_recovered():
    pot = funded_budget(amount=D("1000.00"))
    commitment = reserved(pot, D("400.00"))
    assert (fresh(pot).reserved, fresh(pot).remaining) == (D("400.00"), D("600.00"))
    services.reservation_commit(commitment=commitment)
    services.payment_release(commitment=commitment, budget=pot, amount=D("150.00"))
    services.payment_pay(commitment=commitment, budget=pot, amount=D("150.00"))
    services.payment_recover(commitment=commitment, budget=pot, amount=D("50.00"))
    services.commitment_decommit(commitment=commitment, budget=pot, amount=D("250.00"))
    pot = fresh(pot)
    assert (pot.reserved, pot.committed, pot.released, pot.paid) == (
        D("0.00"),
        D("150.00"),
        D("100.00"),
        D("100.00"),
    )
    assert pot.remaining == D("850.00")


def test_a_declined_offer_gives_the_reservation_back():
    pot = funded_budget(amount=D("1000.00"))
    commitment = reserved(pot, D("400.00"))
    services.reservation_cancel(commitment=commitment, note="Offer declined")
    assert fresh(pot).remaining == D("1000.00")
    with pytest.raises(LedgerRefused):
        services.reservation_commit(commitment=commitment)


def test_more_than_remains_is_refused_with_the_figures():
    pot = funded_budget(amount=D("1000.00"))
    reserved(pot, D("999.00"))
    with pytest.raises(BudgetExceeded) as refused:
        reserved(pot, D("1.01"))
    assert refused.value.extra["remaining"] == D("1.00")
    assert refused.value.extra["requested"] == D("1.01")
    assert "£1.00" in refused.value.message
    assert "£1.01" in refused.value.message


def test_a_commitment_over_several_budgets_is_all_or_nothing():
    first = funded_budget(amount=D("1000.00"))
    second = funded_budget(amount=D("100.00"))
    with pytest.raises(BudgetExceeded):
        services.reserve(
            body=first.body,
            parts=[
                services.BudgetAmount(first, D("500.00")),
                services.BudgetAmount(second, D("100.01")),
            ],
            payee="Safe Homes",
            purpose=purpose(),
        )
    assert fresh(first).reserved == D("0.00")
    assert not Commitment.objects.exists()
    commitment = services.reserve(
        body=first.body,
        parts=[
            services.BudgetAmount(first, D("500.00")),
            services.BudgetAmount(second, D("100.00")),
        ],
        payee="Safe Homes",
        purpose=purpose(),
    )
    assert commitment.lines.count() == 2
    assert (fresh(first).reserved, fresh(second).remaining) == (D("500.00"), D("0.00"))


def test_the_cause_is_a_generic_reference():
    pot = funded_budget()
    thread = PriorityThread.objects.create(body=pot.body)  # any row stands in for a decision
    commitment = services.reserve(
        body=pot.body,
        parts=[services.BudgetAmount(pot, D("10.00"))],
        payee="Victim Support",
        purpose=purpose(),
        cause=thread,
        cause_key="decision:2026/017",
    )
    commitment.refresh_from_db()
    assert commitment.cause_type == ContentType.objects.get_for_model(PriorityThread)
    assert (commitment.cause_id, commitment.cause_key) == (thread.pk, "decision:2026/017")


@pytest.mark.parametrize(
    ("step", "amount"),
    [
        ("payment_release", D("300.01")),
        ("payment_pay", D("0.01")),
        ("payment_recover", D("0.01")),
        ("commitment_decommit", D("300.01")),
    ],
)
def test_instalments_stay_within_their_commitment(step, amount):
    pot = funded_budget(amount=D("1000.00"))
    commitment = reserved(pot, D("300.00"))
    services.reservation_commit(commitment=commitment)
    with pytest.raises(CommitmentExceeded):
        getattr(services, step)(commitment=commitment, budget=pot, amount=amount)
    assert LedgerEntry.objects.filter(budget=pot).count() == 3


def test_a_ring_fenced_budget_pays_only_for_its_streams_purposes():
    victims = funded_budget(ring_fenced=True, amount=D("1000.00"))
    reserved(victims, D("100.00"), area="victims")
    with pytest.raises(RingFenced):
        reserved(victims, D("100.00"), area="community-safety")
    assert fresh(victims).reserved == D("100.00")


def test_ring_fenced_money_sits_only_in_budgets_funded_solely_from_its_stream():
    open_budget = funded_budget()
    victims_grant = allocation(slug=MOJ_VICTIMS_SERVICES, amount=D("500.00"))
    by = finance_officer(open_budget.body)
    with pytest.raises(RingFenced):
        services.funding_line_set(
            budget=open_budget, allocation=victims_grant, amount=D("1.00"), by=by
        )
    ring_fenced = funded_budget(ring_fenced=True)
    with pytest.raises(RingFenced):
        services.funding_line_set(
            budget=ring_fenced, allocation=allocation(amount=D("5.00")), amount=D("1.00"), by=by
        )
    with pytest.raises(RingFenced):
        services.contribution_add(
            budget=ring_fenced,
            by=by,
            partner_kind=PartnerKind.LOCAL_AUTHORITY,
            partner_name="Bristol City Council",
            amount=D("100.00"),
        )
    with pytest.raises(RingFenced):
        services.virement_request(
            from_budget=ring_fenced,
            to_budget=open_budget,
            amount=D("1.00"),
            reason="Move it",
            by=by,
        )


def test_a_budget_draws_no_more_than_an_allocation_has_undrawn():
    source = allocation(amount=D("1000.00"))
    first, second = budget(), budget()
    by = finance_officer(first.body)
    services.funding_line_set(budget=first, allocation=source, amount=D("700.00"), by=by)
    with pytest.raises(AllocationExceeded) as refused:
        services.funding_line_set(budget=second, allocation=source, amount=D("300.01"), by=by)
    assert refused.value.extra["undrawn"] == D("300.00")
    services.funding_line_set(budget=second, allocation=source, amount=D("300.00"), by=by)
    problem = services.allocation_change_problem(source, D("900.00"))
    assert first.name in problem
    assert second.name in problem
    assert "£1,000.00" in problem
    assert services.allocation_change_problem(source, D("1000.00")) is None


def test_a_funding_line_cannot_shrink_below_what_the_budget_promised():
    source = allocation(amount=D("1000.00"))
    pot = budget()
    by = finance_officer(pot.body)
    services.funding_line_set(budget=pot, allocation=source, amount=D("1000.00"), by=by)
    reserved(pot, D("800.00"))
    with pytest.raises(BudgetExceeded):
        services.funding_line_set(budget=pot, allocation=source, amount=D("799.99"), by=by)
    services.funding_line_set(budget=pot, allocation=source, amount=D("800.00"), by=by)
    assert (fresh(pot).available, fresh(pot).remaining) == (D("800.00"), D("0.00"))


def test_only_received_partner_money_is_available():
    pot = funded_budget(amount=D("1000.00"))
    by = finance_officer(pot.body)
    pledge = services.contribution_add(
        budget=pot,
        by=by,
        partner_kind=PartnerKind.HEALTH_AND_WELLBEING_BOARD,
        partner_name="Bristol Health and Wellbeing Board",
        amount=D("250.00"),
    )
    assert fresh(pot).available == D("1000.00")
    services.contribution_receive(contribution=pledge, by=by, received_on=datetime.date(2026, 6, 1))
    assert fresh(pot).available == D("1250.00")
    pledge.refresh_from_db()
    assert pledge.status == ContributionStatus.RECEIVED
    with pytest.raises(LedgerRefused):
        services.contribution_receive(
            contribution=pledge, by=by, received_on=datetime.date(2026, 6, 2)
        )


def test_every_virement_waits_for_a_decision_maker_while_the_threshold_is_nothing():
    source, target = funded_budget(amount=D("1000.00")), funded_budget(amount=D("10.00"))
    virement = services.virement_request(
        from_budget=source,
        to_budget=target,
        amount=D("400.00"),
        reason="More refuge places",
        by=finance_officer(source.body),
    )
    assert virement.status == VirementStatus.AWAITING_APPROVAL
    assert fresh(source).available == D("1000.00")
    with pytest.raises(RoleRequired):
        services.virement_approve(virement=virement, by=finance_officer(source.body))
    services.virement_approve(virement=virement, by=decision_maker(source.body))
    assert (fresh(source).available, fresh(target).available) == (D("600.00"), D("410.00"))
    with pytest.raises(LedgerRefused):
        services.virement_approve(virement=virement, by=decision_maker(source.body))


def test_a_virement_below_the_threshold_is_made_at_once_and_one_above_a_limit_is_refused():
    source, target = funded_budget(amount=D("1000.00")), funded_budget(amount=D("10.00"))
    services.funding_settings_update(
        body=source.body, by=decision_maker(source.body), virement_threshold=D("100.00")
    )
    by = finance_officer(source.body)
    small = services.virement_request(
        from_budget=source, to_budget=target, amount=D("99.99"), reason="Top up", by=by
    )
    assert small.status == VirementStatus.MADE
    assert fresh(target).available == D("109.99")
    large = services.virement_request(
        from_budget=source, to_budget=target, amount=D("500.00"), reason="Move", by=by
    )
    limited = person(source.body, Role.DECISION_MAKER)
    Membership.objects.filter(user=limited, role=Role.DECISION_MAKER).update(
        financial_limit=D("499.99")
    )
    with pytest.raises(DecisionLimitExceeded):
        services.virement_approve(virement=large, by=limited)
    services.virement_refuse(virement=large, by=limited, note="Not now")
    large.refresh_from_db()
    assert large.status == VirementStatus.REFUSED


def test_a_virement_cannot_take_what_the_source_has_promised():
    source, target = funded_budget(amount=D("1000.00")), funded_budget()
    by = finance_officer(source.body)
    virement = services.virement_request(
        from_budget=source, to_budget=target, amount=D("600.00"), reason="Move", by=by
    )
    reserved(source, D("500.00"))
    with pytest.raises(BudgetExceeded):
        services.virement_approve(virement=virement, by=decision_maker(source.body))
    assert fresh(source).available == D("1000.00")


def test_only_finance_officers_record_by_hand_and_build_budgets():
    pot = funded_budget(amount=D("1000.00"))
    decider = decision_maker(pot.body)
    with pytest.raises(RoleRequired):
        services.commitment_record(
            body=pot.body,
            by=decider,
            parts=[services.BudgetAmount(pot, D("100.00"))],
            payee="Safer Streets CIC",
            purpose=purpose("community-safety"),
        )
    with pytest.raises(RoleRequired):
        services.budget_create(body=pot.body, by=decider, year=pot.year, name="Mine")
    by = finance_officer(pot.body)
    commitment = services.commitment_record(
        body=pot.body,
        by=by,
        parts=[services.BudgetAmount(pot, D("100.00"))],
        payee="Safer Streets CIC",
        purpose=purpose("community-safety"),
    )
    services.payment_record(commitment=commitment, budget=pot, amount=D("40.00"), by=by)
    pot = fresh(pot)
    assert (pot.committed, pot.released, pot.paid) == (D("100.00"), D("40.00"), D("40.00"))
    assert commitment.recorded_by_hand


def test_a_decisions_commitment_is_not_paid_by_hand():
    """Money a decision reserved is paid through its award's instalments: a payment recorded
    by hand would leave them out of step with the ledger."""
    pot = funded_budget()
    commitment = services.reserve(
        body=pot.body,
        parts=[services.BudgetAmount(pot, D("100.00"))],
        payee="Victim Support",
        purpose=purpose(),
        cause_key="decision:2026/017",
    )
    services.reservation_commit(commitment=commitment)
    with pytest.raises(LedgerRefused, match="paid through the grant's instalments"):
        services.payment_record(
            commitment=commitment, budget=pot, amount=D("40.00"), by=finance_officer(pot.body)
        )
    assert (fresh(pot).released, fresh(pot).paid) == (D("0.00"), D("0.00"))


def test_another_bodys_budget_cannot_pay():
    ours, theirs = funded_budget(), funded_budget(body_=body(BODY_B))
    with pytest.raises(LedgerRefused):
        services.reserve(
            body=ours.body,
            parts=[services.BudgetAmount(theirs, D("1.00"))],
            payee="X",
            purpose=purpose(),
        )
