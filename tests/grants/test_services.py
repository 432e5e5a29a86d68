"""The award's lifecycle and its money (grants.services): made from a decision, offered,
accepted (the reservation committed, what the award does not use given back), declined or
lapsed (the reservation released), and instalments released and paid through the ledger."""

import datetime

import pytest
from django.db import ProgrammingError, transaction
from django.utils import timezone

from core.audit import events_for
from funding.ledger.models import Budget, CommitmentLine, EntryKind, LedgerEntry
from grants import services
from grants.errors import (
    AwardRefused,
    GrantsRoleRequired,
    PaymentRefused,
    ReleaseBlocked,
    TransitionRefused,
)
from grants.models import Award, AwardStatus, Instalment, InstalmentStatus, ScheduleKind
from providers.models import DueDiligenceDocument, MemberRole
from tests.commissioning.decision_factories import decision_maker, finance_officer, officer
from tests.grants.factories import (
    D,
    accept_returns_before,
    accepted_award,
    accepted_return,
    administrator,
    decided_outcome,
    draft_award,
    member,
    offered_award,
    provider,
)

pytestmark = pytest.mark.django_db


def lines(award):
    return {
        line.budget_id: line for line in CommitmentLine.objects.filter(commitment=award.commitment)
    }


def figures(award):
    found = {"reserved": D(0), "committed": D(0), "released": D(0), "paid": D(0)}
    for line in lines(award).values():
        for name in found:
            found[name] += getattr(line, name)
    return found


def release_and_pay(instalment, by, **payment):
    services.instalment_release(instalment=instalment, by=by)
    instalment.refresh_from_db()
    return services.instalment_pay(
        instalment=instalment,
        by=by,
        paid_on=payment.get("paid_on", timezone.localdate()),
        amount=payment.get("amount", instalment.released_amount),
        remittance_reference=payment.get("remittance_reference", "REM-0001"),
        supplier_number=payment.get("supplier_number", "SUP-77"),
    )


def test_an_award_is_made_from_a_successful_outcome_with_the_decisions_money_and_words():
    award = draft_award(D("12000.00"), D("8000.00"))
    decision = award.outcome.decision
    assert award.status == AwardStatus.DRAFT
    assert [(a.year.start_year, a.amount) for a in award.amounts.order_by("year")] == [
        (2026, D("12000.00")),
        (2027, D("8000.00")),
    ]
    assert award.purpose == decision.purpose
    assert (award.starts_on, award.ends_on) == (
        datetime.date(2026, 4, 1),
        datetime.date(2028, 3, 31),
    )
    assert award.public_id == f"360G-pcc-commissioning-{award.pk}"
    # Quarterly in arrears, four a year, adding up to the award.
    assert award.instalments.count() == 8
    assert sum(i.amount for i in award.instalments.all()) == D("20000.00")


def test_a_bid_gets_one_award_and_only_office_editors_make_it():
    outcome = decided_outcome()
    body = outcome.decision.body
    with pytest.raises(GrantsRoleRequired):
        services.award_make(outcome=outcome, by=finance_officer(body))
    services.award_make(outcome=outcome, by=officer(body))
    with pytest.raises(AwardRefused, match="already has its award"):
        services.award_make(outcome=outcome, by=officer(body))


def test_awards_for_a_decision_skip_outcomes_already_awarded():
    outcome = decided_outcome()
    made = services.awards_make_for_decision(
        decision=outcome.decision, by=officer(outcome.decision.body)
    )
    assert [a.outcome_id for a in made] == [outcome.pk]
    assert (
        services.awards_make_for_decision(
            decision=outcome.decision, by=officer(outcome.decision.body)
        )
        == []
    )


def terms(award, **changes):
    values = {
        "title": award.title,
        "purpose": award.purpose,
        "conditions": award.conditions,
        "outcome_targets": "200 people supported",
        "crime_and_disorder": award.crime_and_disorder,
        "starts_on": award.starts_on,
        "ends_on": award.ends_on,
        "amounts": {a.budget_id: a.amount for a in award.amounts.all()},
    }
    values.update(changes)
    return services.Terms(**values)


def test_an_award_above_the_decision_is_refused_and_needs_a_variation():
    award = draft_award(D("12000.00"), D("8000.00"))
    first = award.amounts.order_by("year").first()
    with pytest.raises(AwardRefused, match="needs a variation"):
        services.award_edit(
            award=award,
            by=officer(award.body),
            terms=terms(award, amounts={first.budget_id: D("12000.01")}),
        )


def test_an_award_below_the_decision_gives_the_difference_back_at_acceptance():
    award = draft_award(D("12000.00"), D("8000.00"))
    first, second = award.amounts.order_by("year")
    services.award_edit(
        award=award,
        by=officer(award.body),
        terms=terms(award, amounts={first.budget_id: D("10000.00"), second.budget_id: None}),
    )
    award.refresh_from_db()
    assert sum(i.amount for i in award.instalments.all()) == D("10000.00")
    services.award_offer(award=award, by=officer(award.body))
    services.award_accept(
        award=award, by=administrator(award.organisation), accepted_name="Alex", confirmed=True
    )
    by_budget = lines(award)
    assert (by_budget[first.budget_id].reserved, by_budget[first.budget_id].committed) == (
        D(0),
        D("10000.00"),
    )
    assert (by_budget[second.budget_id].reserved, by_budget[second.budget_id].committed) == (
        D(0),
        D(0),
    )
    budget = Budget.objects.get(pk=second.budget_id)
    assert (budget.reserved, budget.committed) == (D(0), D(0))
    kinds = list(
        LedgerEntry.objects.filter(commitment_line__commitment=award.commitment).values_list(
            "kind", flat=True
        )
    )
    assert kinds.count(EntryKind.DECOMMITTED) == 2


def test_a_schedule_is_chosen_before_the_offer_and_frozen_after_it():
    award = draft_award()
    services.schedule_set(award=award, by=officer(award.body), kind=ScheduleKind.MONTHLY)
    assert award.instalments.count() == 24
    services.award_offer(award=award, by=officer(award.body))
    with pytest.raises(AwardRefused, match="can no longer change"):
        services.schedule_set(
            award=award, by=officer(award.body), kind=ScheduleKind.QUARTERLY_IN_ARREARS
        )
    # The database refuses it too.
    with pytest.raises(ProgrammingError), transaction.atomic():
        Award.objects.filter(pk=award.pk).update(purpose="Something else")


def test_a_milestone_schedule_names_its_milestones_and_evidence():
    award = draft_award(D("1000.00"), D("500.00"))
    services.schedule_set(
        award=award,
        by=officer(award.body),
        kind=ScheduleKind.MILESTONES,
        milestones=[
            services.MilestoneInput("Service open", datetime.date(2026, 6, 1), "Opening report"),
            services.MilestoneInput("Year two review", datetime.date(2027, 9, 1), "Review"),
        ],
    )
    assert [(i.milestone.name, i.amount) for i in award.instalments.order_by("number")] == [
        ("Service open", D("1000.00")),
        ("Year two review", D("500.00")),
    ]


def test_an_offer_without_a_schedule_that_can_be_made_is_refused_with_its_problems():
    award = draft_award()
    services.schedule_set(
        award=award, by=officer(award.body), kind=ScheduleKind.MILESTONES, milestones=[]
    )
    assert award.instalments.count() == 0
    with pytest.raises(TransitionRefused, match="Add at least one milestone"):
        services.award_offer(award=award, by=officer(award.body))


def test_the_offer_records_its_lapse_date_and_queues_the_agreement(
    django_capture_on_commit_callbacks,
):
    award = draft_award()
    now = timezone.now()
    with django_capture_on_commit_callbacks() as callbacks:
        services.award_offer(award=award, by=officer(award.body), acceptance_days=14, now=now)
    award.refresh_from_db()
    assert award.status == AwardStatus.OFFERED
    assert award.lapses_on == timezone.localdate(now) + datetime.timedelta(days=14)
    assert len(callbacks) == 1  # the agreement PDF, rendered in the worker
    assert [t.to_status for t in award.transitions.all()] == [AwardStatus.OFFERED]


def test_only_the_organisations_administrator_accepts_with_a_typed_name_and_a_tick():
    award = offered_award()
    with pytest.raises(GrantsRoleRequired):
        services.award_accept(
            award=award,
            by=member(award.organisation, MemberRole.EDITOR),
            accepted_name="Ed",
            confirmed=True,
        )
    with pytest.raises(GrantsRoleRequired):
        services.award_accept(
            award=award, by=administrator(provider()), accepted_name="Out", confirmed=True
        )
    admin = administrator(award.organisation)
    with pytest.raises(TransitionRefused) as refused:
        services.award_accept(award=award, by=admin, accepted_name=" ", confirmed=False)
    assert len(refused.value.extra["problems"]) == 2


def test_acceptance_commits_the_reservation_and_freezes_who_accepted():
    award = offered_award(D("12000.00"), D("8000.00"))
    assert figures(award)["reserved"] == D("20000.00")
    admin = administrator(award.organisation)
    services.award_accept(award=award, by=admin, accepted_name="Alex Administrator", confirmed=True)
    award.refresh_from_db()
    assert award.status == AwardStatus.ACCEPTED
    assert (award.accepted_by, award.accepted_name) == (admin, "Alex Administrator")
    assert figures(award) == {
        "reserved": D(0),
        "committed": D("20000.00"),
        "released": D(0),
        "paid": D(0),
    }
    with pytest.raises(ProgrammingError), transaction.atomic():
        Award.objects.filter(pk=award.pk).update(accepted_name="Someone else")


def test_a_declined_offer_releases_the_reservation():
    award = offered_award(D("12000.00"), D("8000.00"))
    services.award_decline(
        award=award, by=administrator(award.organisation), reason="We cannot staff it."
    )
    award.refresh_from_db()
    assert award.status == AwardStatus.DECLINED
    assert figures(award) == {"reserved": D(0), "committed": D(0), "released": D(0), "paid": D(0)}
    assert award.transitions.last().note == "We cannot staff it."
    for budget in Budget.objects.filter(pk__in=lines(award)):
        assert budget.reserved == D(0)


def test_an_offer_lapses_after_its_last_day_and_releases_the_reservation():
    award = offered_award()
    award.refresh_from_db()
    last_day = datetime.datetime.combine(award.lapses_on, datetime.time(23, 0), tzinfo=datetime.UTC)
    assert services.offers_lapse(now=last_day - datetime.timedelta(hours=1)) == 0
    with pytest.raises(TransitionRefused, match="still open"):
        services.award_transition(
            award=award, to=AwardStatus.LAPSED, by=None, now=last_day - datetime.timedelta(hours=1)
        )
    assert services.offers_lapse(now=last_day + datetime.timedelta(days=1)) == 1
    award.refresh_from_db()
    assert award.status == AwardStatus.LAPSED
    assert figures(award)["reserved"] == D(0)
    # Twice is harmless.
    assert services.offers_lapse(now=last_day + datetime.timedelta(days=2)) == 0
    # Too late to accept now.
    with pytest.raises(TransitionRefused):
        services.award_accept(
            award=award, by=administrator(award.organisation), accepted_name="Al", confirmed=True
        )


def test_nobody_lapses_an_offer_by_hand():
    award = offered_award()
    with pytest.raises(TransitionRefused, match="by the calendar"):
        services.award_transition(award=award, to=AwardStatus.LAPSED, by=officer(award.body))


def test_a_release_before_acceptance_is_blocked_and_names_the_condition():
    award = offered_award()
    instalment = award.instalments.order_by("number").first()
    with pytest.raises(ReleaseBlocked) as blocked:
        services.instalment_release(instalment=instalment, by=finance_officer(award.body))
    assert blocked.value.extra["blockers"] == [
        "The offer has not been accepted (the award is offered)."
    ]


def test_a_release_with_documents_out_of_date_is_blocked_and_names_them():
    award = accepted_award()
    DueDiligenceDocument.objects.filter(organisation=award.organisation, kind="insurance").update(
        valid_until=timezone.localdate() - datetime.timedelta(days=1)
    )
    instalment = award.instalments.order_by("number").first()
    with pytest.raises(ReleaseBlocked) as blocked:
        services.instalment_release(instalment=instalment, by=finance_officer(award.body))
    (blocker,) = blocked.value.extra["blockers"]
    assert "due-diligence documents are not all in date" in blocker
    assert "out of date" in blocker
    assert services.release_blockers(instalment) == [blocker]


def test_only_a_finance_officer_releases_and_pays():
    award = accepted_award()
    instalment = award.instalments.order_by("number").first()
    for person in (
        officer(award.body),
        decision_maker(award.body),
        administrator(award.organisation),
    ):
        with pytest.raises(GrantsRoleRequired):
            services.instalment_release(instalment=instalment, by=person)


def test_release_and_payment_are_ledger_entries_and_the_award_becomes_active():
    award = accepted_award(D("12000.00"), D("8000.00"))
    paying = finance_officer(award.body)
    first = award.instalments.order_by("number").first()
    services.instalment_release(instalment=first, by=paying)
    first.refresh_from_db()
    assert (first.status, first.released_amount) == (InstalmentStatus.RELEASED, D("3000.00"))
    assert figures(award)["released"] == D("3000.00")
    with pytest.raises(PaymentRefused, match="paid in full"):
        services.instalment_pay(
            instalment=first,
            by=paying,
            paid_on=timezone.localdate(),
            amount=D("2999.99"),
            remittance_reference="R1",
            supplier_number="S1",
        )
    with pytest.raises(PaymentRefused) as refused:
        services.instalment_pay(
            instalment=first,
            by=paying,
            paid_on=timezone.localdate() + datetime.timedelta(days=1),
            amount=D("3000.00"),
            remittance_reference="",
            supplier_number="",
        )
    assert len(refused.value.extra["problems"]) == 3
    services.instalment_pay(
        instalment=first,
        by=paying,
        paid_on=timezone.localdate(),
        amount=D("3000.00"),
        remittance_reference="BACS 0042",
        supplier_number="SUP-77",
    )
    first.refresh_from_db()
    award.refresh_from_db()
    assert (first.status, first.paid_amount, first.remittance_reference) == (
        InstalmentStatus.PAID,
        D("3000.00"),
        "BACS 0042",
    )
    assert award.status == AwardStatus.ACTIVE
    assert figures(award) == {
        "reserved": D(0),
        "committed": D("20000.00"),
        "released": D("3000.00"),
        "paid": D("3000.00"),
    }
    with pytest.raises(ReleaseBlocked, match="already been released"):
        services.instalment_release(instalment=first, by=paying)
    # The payment never changes silently: the database refuses it, and history keeps each step.
    with pytest.raises(ProgrammingError), transaction.atomic():
        Instalment.objects.filter(pk=first.pk).update(paid_amount=D("1.00"))
    assert len(events_for(first)) >= 3


def test_a_results_instalment_pays_what_its_accepted_return_achieved_up_to_its_cap():
    award = draft_award(D("10000.00"), D("1000.00"))
    services.schedule_set(
        award=award,
        by=officer(award.body),
        kind=ScheduleKind.RESULTS,
        tariffs=[services.TariffInput("Person supported to cope and recover", D("150.00"))],
        results_fixed=D("2000.00"),
    )
    services.award_offer(award=award, by=officer(award.body))
    services.award_accept(
        award=award, by=administrator(award.organisation), accepted_name="Al", confirmed=True
    )
    results = award.instalments.filter(kind="results").order_by("number")
    first, second = results[0], results[1]
    paying = finance_officer(award.body)
    accepted_return(award.monitoring_returns.get(period_end=first.period_end), achieved=3)
    services.instalment_release(instalment=first, by=paying)
    first.refresh_from_db()
    assert first.released_amount == D("450.00")
    accepted_return(award.monitoring_returns.get(period_end=second.period_end), achieved=1000)
    services.instalment_release(instalment=second, by=paying)
    second.refresh_from_db()
    assert second.released_amount == second.amount  # capped
    assert figures(award)["released"] == D("450.00") + second.amount


def test_instalments_and_commitments_reconcile_with_the_ledger_to_the_penny():
    award = accepted_award(D("10000.00"), D("3333.33"))
    paying = finance_officer(award.body)
    for instalment in award.instalments.order_by("number")[:3]:
        accept_returns_before(instalment)
        release_and_pay(instalment, paying)
    fourth = award.instalments.order_by("number")[3]
    accept_returns_before(fourth)
    services.instalment_release(instalment=fourth, by=paying)
    report = services_reconciliation(award)
    assert report["ledger"] == report["grants"]


def services_reconciliation(award):
    from grants.selectors import award_reconciliation

    return award_reconciliation(award)
