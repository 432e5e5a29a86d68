"""Random sequences of reservations, commitments, releases, payments, decommitments,
recoveries, virements, funding and more reserved on an existing commitment (a variation up,
or money moved to another budget): after every step each budget's running totals equal
the sums of its entries (and each commitment line's, of its own), and no figure is negative.

Each example runs inside a transaction that is rolled back, so examples never see each
other's rows.
"""

import contextlib
from decimal import Decimal

import pytest
from django.db import transaction
from django.db.models import Sum
from hypothesis import HealthCheck, settings
from hypothesis import strategies as st
from hypothesis.stateful import (
    Bundle,
    RuleBasedStateMachine,
    consumes,
    initialize,
    invariant,
    rule,
    run_state_machine_as_test,
)

from funding import services
from funding.ledger.errors import BudgetExceeded, CommitmentExceeded, LedgerRefused
from funding.ledger.models import FIGURES, LINE_FIGURES, Budget, CommitmentLine, LedgerEntry
from tests.funding.ledger_factories import (
    allocation,
    budget,
    decision_maker,
    finance_officer,
    purpose,
)

amounts = st.decimals(min_value=Decimal("0.01"), max_value=Decimal("700.00"), places=2)
BUDGETS = 3


class LedgerMachine(RuleBasedStateMachine):
    commitments = Bundle("commitments")

    def __init__(self):
        super().__init__()
        self._atomic = transaction.atomic()
        self._atomic.__enter__()

    def teardown(self):
        transaction.set_rollback(True)
        self._atomic.__exit__(None, None, None)

    @initialize()
    def budgets_funded_from_one_allocation(self):
        self.budgets = [budget() for _ in range(BUDGETS)]
        self.body = self.budgets[0].body
        self.officer = finance_officer(self.body)
        self.decider = decision_maker(self.body)
        self.purpose = purpose()
        self.source = allocation(amount=Decimal("3000.00"))
        for each in self.budgets:
            self.fund(each, Decimal("500.00"))

    def fund(self, target, amount):
        services.funding_line_set(
            budget=target, allocation=self.source, amount=amount, by=self.officer
        )

    def remaining(self, index):
        return Budget.objects.get(pk=self.budgets[index].pk).remaining

    @rule(target=commitments, index=st.integers(0, BUDGETS - 1), amount=amounts)
    def reserve(self, index, amount):
        left = self.remaining(index)
        try:
            commitment = services.reserve(
                body=self.body,
                parts=[services.BudgetAmount(self.budgets[index], amount)],
                payee="Provider",
                purpose=self.purpose,
            )
        except BudgetExceeded:
            assert amount > left
            return None
        assert amount <= left
        return commitment

    @rule(commitment=commitments, index=st.integers(0, BUDGETS - 1), amount=amounts)
    def reserve_more(self, commitment, index, amount):
        """A variation's approval: more on the commitment, on its line for the budget or on
        a new one."""
        if commitment is None:
            return
        left = self.remaining(index)
        try:
            services.reservation_add(
                commitment=commitment,
                parts=[services.BudgetAmount(self.budgets[index], amount)],
            )
        except BudgetExceeded:
            assert amount > left
        else:
            assert amount <= left

    @rule(commitment=commitments)
    def commit(self, commitment):
        if commitment is None:
            return
        try:
            services.reservation_commit(commitment=commitment)
        except LedgerRefused:
            assert not CommitmentLine.objects.filter(commitment=commitment, reserved__gt=0).exists()

    @rule(commitment=consumes(commitments))
    def cancel(self, commitment):
        if commitment is None:
            return
        try:
            services.reservation_cancel(commitment=commitment)
        except LedgerRefused:
            assert not CommitmentLine.objects.filter(commitment=commitment, reserved__gt=0).exists()

    @rule(
        commitment=commitments,
        step=st.sampled_from(
            ["payment_release", "payment_pay", "commitment_decommit", "payment_recover"]
        ),
        amount=amounts,
    )
    def instalment(self, commitment, step, amount):
        if commitment is None:
            return
        # A commitment may charge several budgets once more was reserved on it.
        line = CommitmentLine.objects.filter(commitment=commitment).order_by("?").first()
        headroom = {
            "payment_release": line.committed - line.released,
            "payment_pay": line.released - line.paid,
            "commitment_decommit": line.committed - line.released,
            "payment_recover": line.paid,
        }[step]
        try:
            getattr(services, step)(commitment=commitment, budget=line.budget, amount=amount)
        except CommitmentExceeded:
            assert amount > headroom
        else:
            assert amount <= headroom

    @rule(giver=st.integers(0, BUDGETS - 1), taker=st.integers(0, BUDGETS - 1), amount=amounts)
    def virement(self, giver, taker, amount):
        if giver == taker:
            return
        left = self.remaining(giver)
        try:
            virement = services.virement_request(
                from_budget=self.budgets[giver],
                to_budget=self.budgets[taker],
                amount=amount,
                reason="Rebalance",
                by=self.officer,
            )
            services.virement_approve(virement=virement, by=self.decider)
        except BudgetExceeded:
            assert amount > left
        else:
            assert amount <= left

    @rule(index=st.integers(0, BUDGETS - 1), amount=st.decimals(0, 1500, places=2))
    def refund(self, index, amount):
        # Refused when more than the allocation has undrawn, or less than is promised.
        with contextlib.suppress(LedgerRefused):
            self.fund(self.budgets[index], amount)

    @invariant()
    def totals_are_the_sums_of_the_entries(self):
        if not hasattr(self, "budgets"):
            return
        for each in Budget.objects.filter(pk__in=[b.pk for b in self.budgets]):
            sums = LedgerEntry.objects.filter(budget=each).aggregate(
                **{figure: Sum(f"{figure}_delta") for figure in FIGURES}
            )
            for figure in FIGURES:
                assert getattr(each, figure) == (sums[figure] or 0), figure
                assert getattr(each, figure) >= 0, figure
            assert each.remaining >= 0
            assert each.paid <= each.released <= each.committed
        for line in CommitmentLine.objects.filter(budget__in=self.budgets):
            sums = LedgerEntry.objects.filter(commitment_line=line).aggregate(
                **{figure: Sum(f"{figure}_delta") for figure in LINE_FIGURES}
            )
            for figure in LINE_FIGURES:
                assert getattr(line, figure) == (sums[figure] or 0), figure
                assert getattr(line, figure) >= 0, figure


@pytest.mark.django_db
def test_random_sequences_keep_the_ledger_and_its_totals_in_step():
    run_state_machine_as_test(
        LedgerMachine,
        settings=settings(
            max_examples=25,
            stateful_step_count=20,
            deadline=None,
            suppress_health_check=[HealthCheck.too_slow],
        ),
    )
