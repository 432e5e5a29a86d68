"""The demo's termination with recovery and close-out (grants.closeout.demo), on awards
made by the factories: each takes a fitting award through the services once, leaves an
unfitting one alone, and the ledger still reconciles."""

import pytest
from django.utils import timezone

from funding.ledger.models import LedgerEntry
from grants.closeout import demo
from grants.closeout.models import RecoveryStatus
from grants.models import AwardStatus
from tests.commissioning.decision_factories import decision_maker, finance_officer, officer
from tests.grants.factories import D, accepted_award, closable_award, paid_with_a_return
from tests.grants.test_termination import assert_totals_are_the_entries

pytestmark = pytest.mark.django_db


def staffed(award):
    for make in (decision_maker, finance_officer, officer):
        make(award.body)
    return award


def test_a_paid_grant_with_an_accepted_return_is_terminated_with_part_recovered():
    award = staffed(paid_with_a_return(D("12000.00"), D("8000.00"), spent=D("1000.00")))
    anchor = timezone.localdate()
    terminated = demo.terminate_with_recovery(award, anchor=anchor)
    assert terminated.status == AwardStatus.TERMINATED
    recovery = terminated.recoveries.get()
    assert (recovery.amount_due, recovery.received) == (D("2000.00"), D("1000.00"))
    assert recovery.status == RecoveryStatus.OUTSTANDING
    entries = LedgerEntry.objects.count()
    assert demo.terminate_with_recovery(award, anchor=anchor) is None
    assert LedgerEntry.objects.count() == entries
    assert_totals_are_the_entries(terminated)


def test_a_grant_without_an_accepted_return_or_unspent_money_is_left_alone():
    unpaid = staffed(accepted_award())
    overspent = staffed(paid_with_a_return(spent=D("5000.00")))
    for award in (unpaid, overspent):
        assert demo.terminate_with_recovery(award, anchor=timezone.localdate()) is None
        award.refresh_from_db()
        assert award.status in (AwardStatus.ACCEPTED, AwardStatus.ACTIVE)


def test_a_settled_grant_whose_period_ended_is_closed_once():
    award = staffed(closable_award(D("1200.00"), D("800.00")))
    # Its period ends on 31 March 2028: before that it is left open, after it closed.
    assert demo.close(award, anchor=award.ends_on) is None
    after = award.ends_on.replace(year=award.ends_on.year + 1)
    assert demo.close(award, anchor=after).status == AwardStatus.CLOSED
    assert demo.close(award, anchor=after) is None
    assert_totals_are_the_entries(award)
