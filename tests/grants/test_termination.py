"""Termination with recovery (grants.closeout): the planned instalments cancelled and
decommitted, what was paid and not spent (by the latest accepted return) due back per budget
line, and each receipt a recovery in the ledger, decommitted, until the recovery is settled.
After every move each budget's running totals are the sums of its entries."""

import datetime

import pytest
from django.db.models import Sum
from django.utils import timezone

from funding.ledger.models import FIGURES, Budget, CommitmentLine, EntryKind, LedgerEntry
from grants import selectors
from grants.closeout import services as closeout
from grants.closeout.errors import RecoveryRefused
from grants.closeout.models import Recovery, RecoveryReceipt, RecoveryStatus
from grants.closeout.working import termination_working
from grants.errors import GrantsRoleRequired, TransitionRefused
from grants.models import AwardStatus, InstalmentStatus
from tests.commissioning.decision_factories import decision_maker, finance_officer, officer
from tests.grants.factories import (
    D,
    accepted_award,
    paid_with_a_return,
    paying,
    receipt,
    released_and_paid,
    terminated_award,
)

pytestmark = pytest.mark.django_db


def assert_totals_are_the_entries(award):
    for budget_id in award.amounts.values_list("budget_id", flat=True):
        budget = Budget.objects.get(pk=budget_id)
        sums = LedgerEntry.objects.filter(budget=budget).aggregate(
            **{figure: Sum(f"{figure}_delta") for figure in FIGURES}
        )
        for figure in FIGURES:
            assert getattr(budget, figure) == (sums[figure] or 0), (budget.name, figure)
        assert budget.remaining >= 0
    reconciliation = selectors.award_reconciliation(award)
    assert reconciliation["ledger"] == reconciliation["grants"]


def ledger_lines(award):
    return {
        line.budget_id: line
        for line in CommitmentLine.objects.filter(commitment_id=award.commitment_id)
    }


def entries(award, kind):
    return list(
        LedgerEntry.objects.filter(
            commitment_line__commitment_id=award.commitment_id, kind=kind
        ).values_list("amount", flat=True)
    )


def test_termination_cancels_the_planned_decommits_them_and_records_the_recovery():
    award = paid_with_a_return(D("12000.00"), D("8000.00"), spent=D("1000.00"))
    first_year, second_year = award.amounts.order_by("year")
    award = closeout.award_terminate(
        award=award, by=decision_maker(award.body), reason="The service closed."
    )

    assert award.status == AwardStatus.TERMINATED
    statuses = list(award.instalments.order_by("number").values_list("status", flat=True))
    assert statuses[0] == InstalmentStatus.PAID
    assert set(statuses[1:]) == {InstalmentStatus.CANCELLED}
    # 12,000 less the 3,000 paid, and the whole second year's 8,000.
    assert sorted(entries(award, EntryKind.DECOMMITTED)) == [D("8000.00"), D("9000.00")]
    lines = ledger_lines(award)
    assert lines[first_year.budget_id].committed == D("3000.00")
    assert lines[second_year.budget_id].committed == D("0.00")
    (recovery,) = award.recoveries.all()
    # Paid 3,000 on the first year's line, 1,000 of it spent; nothing paid on the second.
    assert (recovery.number, recovery.budget_id, recovery.paid, recovery.spent) == (
        1,
        first_year.budget_id,
        D("3000.00"),
        D("1000.00"),
    )
    assert (recovery.amount_due, recovery.status) == (D("2000.00"), RecoveryStatus.OUTSTANDING)
    transition = award.transitions.order_by("at", "pk").last()
    assert (transition.to_status, transition.note) == ("terminated", "The service closed.")
    assert_totals_are_the_entries(award)


def test_odd_pennies_are_recovered_exactly():
    award = paid_with_a_return(D("1000.03"), D("999.99"), spent=D("123.45"))
    first = award.instalments.get(number=1)
    working = termination_working(award)
    assert [line.recovery for line in working.lines] == [first.paid_amount - D("123.45"), D(0)]
    award = closeout.award_terminate(award=award, by=decision_maker(award.body), reason="Ended.")
    (recovery,) = award.recoveries.all()
    assert recovery.amount_due == first.paid_amount - D("123.45")
    cancelled = sum(i.amount for i in award.instalments.filter(status=InstalmentStatus.CANCELLED))
    assert sum(entries(award, EntryKind.DECOMMITTED)) == cancelled
    assert cancelled + first.paid_amount == D("2000.02")
    assert_totals_are_the_entries(award)


def test_without_an_accepted_return_all_that_was_paid_is_due_back():
    award = accepted_award(D("12000.00"), D("8000.00"))
    released_and_paid(award.instalments.get(number=1))
    working = termination_working(award)
    assert working.latest_return is None
    assert [line.spent for line in working.lines] == [None, None]
    award = closeout.award_terminate(award=award, by=decision_maker(award.body), reason="Ended.")
    (recovery,) = award.recoveries.all()
    assert (recovery.amount_due, recovery.spent) == (D("3000.00"), None)


def test_spend_above_what_was_paid_recovers_nothing():
    award = paid_with_a_return(D("12000.00"), D("8000.00"), spent=D("5000.00"))
    award = closeout.award_terminate(award=award, by=decision_maker(award.body), reason="Ended.")
    assert not award.recoveries.exists()
    assert_totals_are_the_entries(award)


def test_an_accepted_award_never_paid_is_terminated_with_nothing_to_recover():
    award = accepted_award(D("12000.00"), D("8000.00"))
    award = closeout.award_terminate(award=award, by=decision_maker(award.body), reason="Ended.")
    assert award.status == AwardStatus.TERMINATED
    assert sum(entries(award, EntryKind.DECOMMITTED)) == D("20000.00")
    assert not award.recoveries.exists()
    assert_totals_are_the_entries(award)


def test_termination_waits_for_a_released_instalment_to_be_paid():
    award = accepted_award(D("12000.00"), D("8000.00"))
    first = award.instalments.get(number=1)
    from grants import services

    services.instalment_release(instalment=first, by=paying(award))
    with pytest.raises(TransitionRefused, match="released and not yet paid"):
        closeout.award_terminate(award=award, by=decision_maker(award.body), reason="Ended.")
    award.refresh_from_db()
    assert award.status == AwardStatus.ACCEPTED
    assert not entries(award, EntryKind.DECOMMITTED)


def test_an_open_variation_is_finished_before_the_grant_is_terminated_or_closed():
    from grants.variations import services as variations
    from tests.grants.factories import approved_variation, award_budgets

    award = accepted_award(D("12000.00"), D("8000.00"))
    variation = approved_variation(award, amounts={award_budgets(award)[0]: D("12500.00")})
    with pytest.raises(TransitionRefused, match="Variation V1 is approved, letter sent: withdraw"):
        closeout.award_terminate(award=award, by=decision_maker(award.body), reason="Ended.")
    variations.variation_withdraw(variation=variation, by=officer(award.body))
    award = closeout.award_terminate(award=award, by=decision_maker(award.body), reason="Ended.")
    assert award.status == AwardStatus.TERMINATED
    assert_totals_are_the_entries(award)


def test_only_a_decision_maker_terminates_and_with_a_reason():
    award = accepted_award()
    for person in (officer(award.body), finance_officer(award.body)):
        with pytest.raises(GrantsRoleRequired):
            closeout.award_terminate(award=award, by=person, reason="Ended.")
    with pytest.raises(TransitionRefused, match="reason"):
        closeout.award_terminate(award=award, by=decision_maker(award.body), reason="  ")


def test_a_second_termination_makes_no_more_entries():
    award = terminated_award(D("12000.00"), D("8000.00"))
    count = LedgerEntry.objects.count()
    with pytest.raises(TransitionRefused, match="terminated cannot be moved"):
        closeout.award_terminate(award=award, by=decision_maker(award.body), reason="Again.")
    assert LedgerEntry.objects.count() == count
    assert award.recoveries.count() == 1


# --- Receipts ----------------------------------------------------------------------------------


def test_a_partial_receipt_then_the_rest_settles_the_recovery():
    award = terminated_award(D("12000.00"), D("8000.00"), spent=D("1000.00"))
    recovery = award.recoveries.get()
    budget_before = Budget.objects.get(pk=recovery.budget_id)

    receipt(recovery, D("500.01"), reference="REC-1")
    recovery.refresh_from_db()
    assert (recovery.received, recovery.status) == (D("500.01"), RecoveryStatus.OUTSTANDING)
    assert_totals_are_the_entries(award)

    receipt(recovery, D("1499.99"), reference="REC-2")
    recovery.refresh_from_db()
    assert (recovery.received, recovery.status) == (D("2000.00"), RecoveryStatus.SETTLED)
    assert recovery.settled_at is not None
    assert sorted(entries(award, EntryKind.RECOVERED)) == [D("500.01"), D("1499.99")]
    line = ledger_lines(award)[recovery.budget_id]
    # What stays spent: 1,000 paid and kept.
    assert (line.committed, line.released, line.paid) == (D("1000.00"),) * 3
    budget_after = Budget.objects.get(pk=recovery.budget_id)
    assert budget_after.remaining == budget_before.remaining + D("2000.00")
    assert_totals_are_the_entries(award)


def test_a_receipt_above_what_is_outstanding_is_refused():
    award = terminated_award(D("12000.00"), D("8000.00"), spent=D("1000.00"))
    recovery = award.recoveries.get()
    receipt(recovery, D("1500.00"), reference="REC-1")
    with pytest.raises(RecoveryRefused, match=r"Only £500\.00 is outstanding"):
        receipt(recovery, D("500.01"), reference="REC-2")
    receipt(recovery, D("500.00"), reference="REC-2")
    with pytest.raises(RecoveryRefused, match="settled"):
        receipt(recovery, D("0.01"), reference="REC-3")
    assert RecoveryReceipt.objects.filter(recovery=recovery).count() == 2


def test_a_receipt_needs_an_amount_a_past_date_and_a_reference():
    award = terminated_award()
    recovery = award.recoveries.get()
    with pytest.raises(RecoveryRefused) as refused:
        closeout.recovery_receipt_record(
            recovery=recovery,
            by=paying(award),
            amount=D("0"),
            received_on=timezone.localdate() + datetime.timedelta(days=1),
            remittance_reference=" ",
        )
    assert len(refused.value.extra["problems"]) == 3
    assert not entries(award, EntryKind.RECOVERED)


def test_only_a_finance_officer_records_a_receipt():
    award = terminated_award()
    recovery = award.recoveries.get()
    for person in (officer(award.body), decision_maker(award.body)):
        with pytest.raises(GrantsRoleRequired):
            receipt(recovery, D("1.00"), by=person)


def test_a_receipt_sent_twice_is_recorded_once():
    award = terminated_award()
    recovery = award.recoveries.get()
    first = receipt(recovery, D("100.00"), reference="REC-9")
    again = receipt(recovery, D("100.00"), reference="REC-9")
    assert again.pk == first.pk
    assert entries(award, EntryKind.RECOVERED) == [D("100.00")]
    with pytest.raises(RecoveryRefused, match="already recorded"):
        receipt(recovery, D("200.00"), reference="REC-9")
    assert Recovery.objects.get(pk=recovery.pk).received == D("100.00")
    assert_totals_are_the_entries(award)


def test_a_terminated_grants_returns_are_not_reminded_nor_made_overdue():
    from grants.returns import services as returns

    award = terminated_award()
    open_returns = award.monitoring_returns.exclude(status="accepted")
    assert open_returns.count() == 7
    # Long after every return fell due: an active grant's writers would be reminded.
    far = timezone.now() + datetime.timedelta(days=800)
    assert returns.return_reminders_send(now=far) == 0
    assert returns.returns_mark_overdue(now=far) == 0
    assert set(open_returns.values_list("status", flat=True)) == {"due"}
