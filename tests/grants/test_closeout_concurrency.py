"""Two finance officers record the last receipt of a recovery at the same moment: exactly one
is recorded, the other is told the recovery is settled, and the ledger recovers the money
once. A provider saves or submits a return as the office terminates the grant: one goes
first and the other sees what it left.

Each call runs in its own thread and database connection, released together by a barrier.
Taking the award's locks is wrapped so that the first caller waits (up to a second) for the
other to take them too: without the locks (the budgets, then the award, then the recovery:
grants.closeout.services) both would read £500 outstanding and record it.
"""

import threading

import pytest

from funding.ledger.models import EntryKind, LedgerEntry
from grants import services
from grants.closeout import services as closeout
from grants.closeout import working
from grants.closeout.errors import RecoveryRefused
from grants.closeout.models import Recovery, RecoveryStatus
from grants.models import Award, AwardStatus
from grants.returns import services as returns
from grants.returns.models import MonitoringReturn, ReturnStatus
from tests.commissioning.decision_factories import decision_maker
from tests.funding.test_ledger_concurrency import race, wait_after
from tests.grants.factories import (
    D,
    after_period,
    paid_with_a_return,
    paying,
    receipt,
    return_figures,
    terminated_award,
    writer,
)


@pytest.mark.django_db(transaction=True)
def test_two_last_receipts_at_once_record_one(monkeypatch):
    award = terminated_award(D("12000.00"), D("8000.00"), spent=D("1000.00"))
    recovery = award.recoveries.get()
    receipt(recovery, D("1500.00"), reference="REC-0")
    officers = {"REC-A": paying(award), "REC-B": paying(award)}
    monkeypatch.setattr(services, "_locked_award", wait_after(services, "_locked_award", 2))

    def record(reference):
        return receipt(
            Recovery.objects.get(pk=recovery.pk),
            D("500.00"),
            reference=reference,
            by=officers[reference],
        )

    outcomes = race(record, list(officers))
    assert sorted(kind for kind, _a, _r in outcomes) == ["RecoveryRefused", "ok"]
    (refused,) = [error for kind, _a, error in outcomes if kind != "ok"]
    assert isinstance(refused, RecoveryRefused)
    assert "settled" in refused.message
    recovery.refresh_from_db()
    assert (recovery.received, recovery.status) == (D("2000.00"), RecoveryStatus.SETTLED)
    recovered = LedgerEntry.objects.filter(
        commitment_line__commitment_id=award.commitment_id, kind=EntryKind.RECOVERED
    ).values_list("amount", flat=True)
    assert sorted(recovered) == [D("500.00"), D("1500.00")]


def _return_state(monitoring_return):
    """(status, figures saved) of the return as the database holds it now."""
    status, saved_at = MonitoringReturn.objects.values_list("status", "saved_at").get(
        pk=monitoring_return.pk
    )
    return status, saved_at is not None


@pytest.mark.django_db(transaction=True)
@pytest.mark.parametrize("move", ["save", "submit"])
def test_a_return_saved_or_submitted_as_the_grant_is_terminated_is_counted_or_refused(
    move, monkeypatch
):
    """The provider saves or submits a return as a decision maker terminates the grant. The
    provider's side checks the award is running and the termination reads the returns; each
    then waits (up to a second) for the other. Without the award's lock taken first by the
    return's services both would pass on what they read, leaving a return changed on a
    terminated grant that its termination never saw. With it, either the provider goes first
    and the termination sees the return as it left it, or the termination goes first and
    the provider is refused."""
    award = paid_with_a_return(D("12000.00"), D("8000.00"))
    monitoring_return = award.monitoring_returns.get(number=2)
    by = writer(award.organisation)
    figures = return_figures(monitoring_return)
    if move == "submit":
        returns.return_save(monitoring_return=monitoring_return, by=by, figures=figures)
    before = _return_state(monitoring_return)
    after = (ReturnStatus.SUBMITTED if move == "submit" else ReturnStatus.DUE, True)
    deciding = decision_maker(award.body)
    seen_by_termination = []

    def termination_reads(award_, by_, **kwargs):
        seen_by_termination.append(_return_state(monitoring_return))
        return working.check_terminate(award_, by_, **kwargs)

    # The provider's side waits once it has checked the award; the termination once it has
    # read what stops it.
    both = threading.Barrier(2, timeout=1)
    monkeypatch.setattr(
        returns, "_require_running", wait_after(returns, "_require_running", 2, barrier=both)
    )
    monkeypatch.setattr(
        working,
        "termination_blockers",
        wait_after(working, "termination_blockers", 2, barrier=both),
    )
    monkeypatch.setitem(services._CHECKS, AwardStatus.TERMINATED, termination_reads)

    def act(what):
        if what == "terminate":
            return closeout.award_terminate(
                award=Award.objects.get(pk=award.pk), by=deciding, reason="The service stopped."
            )
        fresh = MonitoringReturn.objects.get(pk=monitoring_return.pk)
        if what == "save":
            return returns.return_save(monitoring_return=fresh, by=by, figures=figures)
        return returns.return_submit(
            monitoring_return=fresh, by=by, now=after_period(monitoring_return)
        )

    outcomes = {what: (kind, result) for kind, what, result in race(act, [move, "terminate"])}
    assert outcomes["terminate"][0] == "ok"
    award.refresh_from_db()
    assert award.status == AwardStatus.TERMINATED
    if outcomes[move][0] == "ok":
        # The provider went first: the termination saw the return as the provider left it.
        assert seen_by_termination == [after]
        assert _return_state(monitoring_return) == after
    else:
        kind, error = outcomes[move]
        assert kind == "ReturnRefused"
        assert "terminated" in error.message
        assert seen_by_termination == [before]
        assert _return_state(monitoring_return) == before
        assert not monitoring_return.transitions.filter(to_status=ReturnStatus.SUBMITTED).exists()
