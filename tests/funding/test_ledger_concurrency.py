"""Many people spend the last of a budget, or of an allocation, at the same moment.

Each test runs ten threads, each with its own database connection, released together by a
barrier. The services' checks are wrapped so that a thread that has checked the figures
waits (up to a second) for the others to check too: without the row locks every thread
would pass its check on the same stale figures. With the locks, the rest queue behind the
first, the wait times out, and each checks the figures its predecessors left.

The last two tests go round the services, as code that forgot the lock would: the
database's constraints alone must then refuse the overspend.
"""

import contextlib
import threading
from decimal import Decimal

import pytest
from django.db import IntegrityError, connection
from django.db.models import Sum

from core.models import Role
from funding import services
from funding.ledger import budgets as budget_services
from funding.ledger import services as ledger
from funding.ledger.errors import AllocationExceeded, BudgetExceeded
from funding.ledger.models import Budget, Commitment, CommitmentLine, EntryKind, FundingLine
from tests.funding.ledger_factories import allocation, budget, funded_budget, purpose
from tests.plans.factories import person

THREADS = 10
D = Decimal


def race(work, arguments):
    """Run work(argument) in one thread per argument, all started at once; the outcomes."""
    start = threading.Barrier(len(arguments))
    outcomes = []

    def run(argument):
        try:
            start.wait()
            outcomes.append(("ok", argument, work(argument)))
        except (BudgetExceeded, AllocationExceeded) as error:
            outcomes.append(("refused", argument, error))
        except IntegrityError as error:
            outcomes.append(("database refused", argument, error))
        except Exception as error:
            outcomes.append((type(error).__name__, argument, error))
        finally:
            connection.close()

    threads = [threading.Thread(target=run, args=(argument,)) for argument in arguments]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join(60)
    assert len(outcomes) == len(arguments), "a thread did not finish"
    return outcomes


def wait_after(module, name, parties, *, barrier=None):
    """Wrap module.name so each caller waits up to a second for the others after it (on
    `barrier` when given: callers of two wrapped functions then wait for each other)."""
    checked = barrier or threading.Barrier(parties, timeout=1)
    original = getattr(module, name)

    def check_then_wait(*args, **kwargs):
        result = original(*args, **kwargs)
        with contextlib.suppress(threading.BrokenBarrierError):
            checked.wait()
        return result

    return check_then_wait


def kinds(outcomes):
    return sorted(outcome for outcome, _argument, _result in outcomes)


def entry_total(budget_, field):
    return budget_.entries.aggregate(total=Sum(field))["total"] or D(0)


@pytest.mark.django_db(transaction=True)
def test_of_ten_reservations_only_those_the_budget_can_afford_are_made(monkeypatch):
    pot = funded_budget(amount=D("1000.00"))
    category = purpose()
    monkeypatch.setattr(
        ledger, "_require_remaining", wait_after(ledger, "_require_remaining", THREADS)
    )

    def reserve(number):
        return services.reserve(
            body=pot.body,
            parts=[services.BudgetAmount(pot, D("150.00"))],
            payee=f"Provider {number}",
            purpose=category,
        )

    outcomes = race(reserve, list(range(THREADS)))
    # £1,000 affords six reservations of £150; the other four are told why, not crashed.
    assert kinds(outcomes) == ["ok"] * 6 + ["refused"] * 4
    pot.refresh_from_db()
    assert (pot.reserved, pot.remaining) == (D("900.00"), D("100.00"))
    assert entry_total(pot, "reserved_delta") == pot.reserved
    assert Commitment.objects.count() == 6
    for outcome, _number, error in outcomes:
        if outcome == "refused":
            assert error.extra["remaining"] < D("150.00")


@pytest.mark.django_db(transaction=True)
def test_two_budgets_racing_for_one_allocation_cannot_both_draw_most_of_it(monkeypatch):
    source = allocation(amount=D("1000.00"))
    first, second = budget(), budget()
    by = person(first.body, Role.FINANCE_OFFICER)
    for target in (first, second):  # both already draw on it, nothing yet
        services.funding_line_set(budget=target, allocation=source, amount=D("0.00"), by=by)
    monkeypatch.setattr(
        budget_services, "_check_stream", wait_after(budget_services, "_check_stream", THREADS)
    )

    def draw(target):
        return services.funding_line_set(
            budget=target, allocation=source, amount=D("600.00"), by=by
        )

    # Five tabs for each budget, each drawing £600 of the £1,000.
    outcomes = race(draw, [first, second] * (THREADS // 2))
    assert kinds(outcomes) == ["ok"] * 5 + ["refused"] * 5
    winners = {target.pk for outcome, target, _result in outcomes if outcome == "ok"}
    assert len(winners) == 1
    lines = FundingLine.objects.filter(allocation=source)
    assert sum(line.amount for line in lines) == D("600.00")
    for target in (first, second):
        target = Budget.objects.get(pk=target.pk)
        assert target.available == entry_total(target, "available_delta")
        assert target.available == (D("600.00") if target.pk in winners else D("0.00"))


@pytest.mark.django_db(transaction=True)
def test_the_database_alone_refuses_an_overspend_from_code_that_forgot_the_lock():
    pot = funded_budget(amount=D("1000.00"))
    lines = [
        CommitmentLine.objects.create(
            commitment=Commitment.objects.create(
                body=pot.body, payee=f"Provider {number}", purpose=purpose()
            ),
            budget=pot,
        )
        for number in range(THREADS)
    ]

    def post_unlocked(line):
        # No lock and no check: only the budget's check constraint stands in the way.
        return ledger.post(pot, EntryKind.RESERVED, D("150.00"), commitment_line=line)

    outcomes = race(post_unlocked, lines)
    assert kinds(outcomes) == ["database refused"] * 4 + ["ok"] * 6
    pot.refresh_from_db()
    assert pot.reserved == D("900.00") == entry_total(pot, "reserved_delta")


@pytest.mark.django_db(transaction=True)
def test_the_database_alone_keeps_budgets_within_an_allocation_without_the_lock():
    source = allocation(amount=D("1000.00"))
    targets = [budget() for _ in range(THREADS)]
    lines = [FundingLine.objects.create(budget=target, allocation=source) for target in targets]

    def post_unlocked(line):
        return ledger.post(line.budget, EntryKind.FUNDING_ADDED, D("150.00"), funding_line=line)

    outcomes = race(post_unlocked, lines)
    assert kinds(outcomes) == ["database refused"] * 4 + ["ok"] * 6
    assert sum(line.amount for line in FundingLine.objects.filter(allocation=source)) == D("900.00")
