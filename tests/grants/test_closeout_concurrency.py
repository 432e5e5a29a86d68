"""Two finance officers record the last receipt of a recovery at the same moment: exactly one
is recorded, the other is told the recovery is settled, and the ledger recovers the money
once.

Each call runs in its own thread and database connection, released together by a barrier.
Taking the award's locks is wrapped so that the first caller waits (up to a second) for the
other to take them too: without the locks (the budgets, then the award, then the recovery:
grants.closeout.services) both would read £500 outstanding and record it.
"""

import pytest

from funding.ledger.models import EntryKind, LedgerEntry
from grants import services
from grants.closeout.errors import RecoveryRefused
from grants.closeout.models import Recovery, RecoveryStatus
from tests.funding.test_ledger_concurrency import race, wait_after
from tests.grants.factories import D, paying, receipt, terminated_award


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
