"""Two finance officers release (or pay) the same instalment at the same moment: exactly one
succeeds, and the ledger shows the money once.

Each call runs in its own thread and database connection, released together by a barrier.
The release's check of the blocking conditions is wrapped so that the first caller waits (up
to a second) for the other to check too: without the locks (the budgets, then the award,
then the instalment: grants.services) both would see a planned instalment and release it.
"""

import pytest
from django.utils import timezone

from grants import services
from grants.errors import PaymentRefused, ReleaseBlocked
from grants.models import Instalment, InstalmentStatus
from tests.funding.test_ledger_concurrency import race, wait_after
from tests.grants.factories import D, accepted_award, paying


def _figures(award):
    from funding.ledger.models import CommitmentLine

    lines = CommitmentLine.objects.filter(commitment=award.commitment)
    return sum(line.released for line in lines), sum(line.paid for line in lines)


@pytest.mark.django_db(transaction=True)
def test_two_releases_of_the_same_instalment_release_it_once(monkeypatch):
    award = accepted_award(D("4000.00"), D("4000.00"))
    officers = [paying(award), paying(award)]
    instalment = award.instalments.order_by("number").first()
    monkeypatch.setattr(services, "release_blockers", wait_after(services, "release_blockers", 2))

    def release(person):
        return services.instalment_release(
            instalment=Instalment.objects.get(pk=instalment.pk), by=person
        )

    outcomes = race(release, officers)
    assert sorted(kind for kind, _a, _r in outcomes) == ["ReleaseBlocked", "ok"]
    (refused,) = [error for kind, _a, error in outcomes if kind != "ok"]
    assert isinstance(refused, ReleaseBlocked)
    assert _figures(award) == (D("1000.00"), D("0.00"))


@pytest.mark.django_db(transaction=True)
def test_two_payments_of_the_last_released_pound_pay_it_once(monkeypatch):
    award = accepted_award(D("4000.00"), D("4000.00"))
    officer = paying(award)
    instalment = award.instalments.order_by("number").first()
    services.instalment_release(instalment=instalment, by=officer)
    monkeypatch.setattr(
        services, "_locked_instalment", wait_after(services, "_locked_instalment", 2)
    )

    def pay(reference):
        return services.instalment_pay(
            instalment=Instalment.objects.get(pk=instalment.pk),
            by=officer,
            paid_on=timezone.localdate(),
            amount=D("1000.00"),
            remittance_reference=reference,
            supplier_number="SUP-1",
        )

    outcomes = race(pay, ["REM-A", "REM-B"])
    assert sorted(kind for kind, _a, _r in outcomes) == ["PaymentRefused", "ok"]
    (refused,) = [error for kind, _a, error in outcomes if kind != "ok"]
    assert isinstance(refused, PaymentRefused)
    assert Instalment.objects.get(pk=instalment.pk).status == InstalmentStatus.PAID
    assert _figures(award) == (D("1000.00"), D("1000.00"))
