"""Close-out (grants.closeout): an active grant with every return accepted and every
instalment paid or cancelled, or a terminated one whose recoveries are settled, is closed;
what was never released is decommitted; a closed grant is read-only for every grants
service."""

import pytest
from django.utils import timezone

from core.errors import ApplicationError
from funding.ledger.models import EntryKind, LedgerEntry
from grants import selectors, services
from grants.closeout import services as closeout
from grants.closeout.working import close_blockers, results_earning_nothing
from grants.errors import AwardRefused, GrantsRoleRequired, ReleaseBlocked, TransitionRefused
from grants.models import AwardStatus, InstalmentStatus
from grants.returns import services as returns
from grants.returns.errors import ReturnRefused
from grants.services import MilestoneInput, Terms
from tests.commissioning.decision_factories import decision_maker, finance_officer, officer
from tests.grants.factories import (
    D,
    accept_returns_before,
    accepted_award,
    accepted_return,
    closable_award,
    paid_with_a_return,
    paying,
    played_through,
    receipt,
    released_and_paid,
    results_award,
    return_figures,
    terminated_award,
    writer,
)
from tests.grants.test_termination import assert_totals_are_the_entries, ledger_lines

pytestmark = pytest.mark.django_db


def closed(award):
    return closeout.award_close(award=award, by=officer(award.body))


def test_an_active_grant_with_everything_settled_is_closed():
    award = closable_award(D("1200.00"), D("800.00"))
    assert close_blockers(award) == []
    award = closed(award)
    assert award.status == AwardStatus.CLOSED
    assert award.transitions.order_by("at", "pk").last().to_status == "closed"
    assert not LedgerEntry.objects.filter(
        commitment_line__commitment_id=award.commitment_id, kind=EntryKind.DECOMMITTED
    ).exists()
    for line in ledger_lines(award).values():
        assert line.committed == line.released == line.paid
    assert_totals_are_the_entries(award)


def test_each_condition_refuses_the_close_with_its_message():
    award = paid_with_a_return(D("1200.00"), D("800.00"))
    blockers = close_blockers(award)
    assert "Monitoring return 2 is due, not accepted." in blockers
    assert "Instalment 2 is planned, not paid." in blockers
    with pytest.raises(TransitionRefused, match="Monitoring return 2 is due") as refused:
        closed(award)
    assert refused.value.extra["problems"] == blockers
    award.refresh_from_db()
    assert award.status == AwardStatus.ACTIVE


def test_an_accepted_grant_never_paid_cannot_close():
    award = accepted_award()
    with pytest.raises(TransitionRefused, match="accepted cannot be moved to closed"):
        closed(award)


def test_a_terminated_grant_closes_once_its_recoveries_are_settled():
    award = terminated_award(D("12000.00"), D("8000.00"), spent=D("1000.00"))
    recovery = award.recoveries.get()
    receipt(recovery, D("1999.99"), reference="REC-1")
    award.refresh_from_db()
    with pytest.raises(TransitionRefused, match=r"R1: £0\.01 is still outstanding"):
        closed(award)
    receipt(recovery, D("0.01"), reference="REC-2")
    award = closed(award)
    assert award.status == AwardStatus.CLOSED
    assert_totals_are_the_entries(award)


def test_a_terminated_grant_with_nothing_to_recover_closes_at_once():
    award = terminated_award(D("12000.00"), D("8000.00"), spent=D("9000.00"))
    assert closed(award).status == AwardStatus.CLOSED
    assert_totals_are_the_entries(award)


def test_only_a_commissioning_officer_or_decision_maker_closes():
    award = terminated_award(spent=D("9000.00"))
    with pytest.raises(GrantsRoleRequired):
        closeout.award_close(award=award, by=finance_officer(award.body))
    assert closeout.award_close(award=award, by=decision_maker(award.body)).is_closed


def test_what_was_never_released_is_decommitted_at_the_close():
    """Paid by results below the caps: what the outcomes did not earn stays committed and
    unreleased until the close gives it back to the budgets."""
    award = played_through(results_award(fixed=D("0.00")), achieved=1)
    unreleased = {
        budget_id: line.committed - line.released for budget_id, line in ledger_lines(award).items()
    }
    assert sum(unreleased.values()) > 0
    award = closed(award)
    decommitted = LedgerEntry.objects.filter(
        commitment_line__commitment_id=award.commitment_id, kind=EntryKind.DECOMMITTED
    )
    assert {e.budget_id: e.amount for e in decommitted} == {
        budget_id: amount for budget_id, amount in unreleased.items() if amount > 0
    }
    for line in ledger_lines(award).values():
        assert line.committed == line.released == line.paid
    assert_totals_are_the_entries(award)


def test_a_results_instalment_that_earns_nothing_is_cancelled_at_the_close():
    """Every return accepted with no outcomes: the results instalments can never be released
    (a release of nothing is refused). They no longer stop the close, which cancels them and
    gives what they held back to the budgets, one ledger entry each, in the award's history."""

    award = played_through(results_award(), achieved=0)
    nothing = list(award.instalments.filter(kind="results").order_by("number"))
    assert nothing
    assert {i.status for i in nothing} == {InstalmentStatus.PLANNED}
    assert [i.pk for i in results_earning_nothing(award)] == [i.pk for i in nothing]
    assert close_blockers(award) == []
    award = closed(award)
    assert set(award.instalments.filter(kind="results").values_list("status", flat=True)) == {
        InstalmentStatus.CANCELLED
    }
    decommitted = LedgerEntry.objects.filter(
        commitment_line__commitment_id=award.commitment_id, kind=EntryKind.DECOMMITTED
    )
    for instalment in nothing:
        entry = decommitted.get(note__endswith=f"instalment {instalment.number} earned nothing")
        assert (entry.budget_id, entry.amount) == (instalment.budget_id, instalment.amount)
    for line in ledger_lines(award).values():
        assert line.committed == line.released == line.paid
    assert_totals_are_the_entries(award)
    _transitions, events = selectors.award_history(award)
    cancelled = [e for e in events if e.status == InstalmentStatus.CANCELLED]
    assert sorted(e.number for e in cancelled) == [i.number for i in nothing]


def test_a_results_instalment_that_earns_something_still_stops_the_close():
    award = results_award()
    first = award.instalments.filter(kind="results").order_by("number").first()
    # Its period's return not yet accepted: what it earns is not known.
    assert results_earning_nothing(award) == []
    accept_returns_before(first)
    released_and_paid(award.instalments.get(number=1))  # the fixed part: the grant is active
    accepted_return(award.monitoring_returns.get(period_end=first.period_end), achieved=1)
    # One outcome of each tariff earns £550: it is to be released and paid, not cancelled.
    award.refresh_from_db()
    assert results_earning_nothing(award) == []
    assert f"Instalment {first.number} is planned, not paid." in close_blockers(award)


# --- A closed grant is read-only ---------------------------------------------------------------

CLOSED = "This grant is closed: nothing about it can change."


@pytest.fixture
def closed_award():
    award = terminated_award(D("12000.00"), D("8000.00"), spent=D("9000.00"))
    return closed(award)


def test_a_closed_grant_refuses_its_terms_and_schedule(closed_award):
    by = officer(closed_award.body)
    terms = Terms(
        title="New",
        purpose="New",
        conditions="",
        outcome_targets="",
        crime_and_disorder="",
        starts_on=closed_award.starts_on,
        ends_on=closed_award.ends_on,
        amounts={},
    )
    with pytest.raises(AwardRefused, match=CLOSED):
        services.award_edit(award=closed_award, by=by, terms=terms)
    with pytest.raises(AwardRefused, match=CLOSED):
        services.schedule_set(
            award=closed_award,
            by=by,
            kind="milestones",
            milestones=[MilestoneInput("One", closed_award.starts_on, "Report")],
        )


def test_a_closed_grant_refuses_every_move(closed_award):
    for to in AwardStatus:
        with pytest.raises(AwardRefused, match=CLOSED):
            services.award_transition(
                award=closed_award, to=to, by=decision_maker(closed_award.body), note="Again"
            )


def test_a_closed_grant_refuses_releases_and_payments(closed_award):
    by = paying(closed_award)
    for instalment in closed_award.instalments.all():
        with pytest.raises(ReleaseBlocked, match=CLOSED):
            services.instalment_release(instalment=instalment, by=by)
        with pytest.raises(AwardRefused, match=CLOSED):
            services.instalment_pay(
                instalment=instalment,
                by=by,
                paid_on=timezone.localdate(),
                amount=instalment.amount,
                remittance_reference="R",
                supplier_number="S",
            )


def test_a_closed_grant_refuses_its_returns(closed_award):
    by = writer(closed_award.organisation)
    open_return = closed_award.monitoring_returns.exclude(status="accepted").first()
    with pytest.raises(ReturnRefused, match=CLOSED):
        returns.return_save(
            monitoring_return=open_return, by=by, figures=return_figures(open_return)
        )
    with pytest.raises(ReturnRefused, match=CLOSED):
        returns.return_submit(monitoring_return=open_return, by=by)
    with pytest.raises(ReturnRefused, match=CLOSED):
        returns.return_accept(monitoring_return=open_return, by=officer(closed_award.body))
    with pytest.raises(ReturnRefused, match=CLOSED):
        returns.return_send_back(
            monitoring_return=open_return, by=officer(closed_award.body), comment="More"
        )
    with pytest.raises(ReturnRefused, match=CLOSED):
        returns.return_terms_set(award=closed_award, by=officer(closed_award.body))


def test_a_closed_grant_refuses_receipts():
    award = terminated_award(D("12000.00"), D("8000.00"), spent=D("1000.00"))
    recovery = award.recoveries.get()
    receipt(recovery, D("2000.00"))
    closed(award)
    with pytest.raises(ApplicationError, match=CLOSED):
        receipt(recovery, D("1.00"), reference="REC-2")


def test_a_terminated_grant_refuses_releases_and_returns():
    award = terminated_award()
    instalment = award.instalments.get(number=2)
    with pytest.raises(ReleaseBlocked, match="terminated"):
        services.instalment_release(instalment=instalment, by=paying(award))
    open_return = award.monitoring_returns.exclude(status="accepted").first()
    with pytest.raises(ReturnRefused, match="terminated"):
        returns.return_submit(monitoring_return=open_return, by=writer(award.organisation))
