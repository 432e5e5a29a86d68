"""Variations of an accepted award (issue 25): the money up, down and between years to the
penny, the dates and the schedule, who approves within which limit, and a decline, refusal
or withdrawal that leaves nothing behind. After each, every budget's running totals equal
the sums of its entries and the award agrees with the ledger."""

import datetime
import io

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from pypdf import PdfReader

from core.financial_years import FinancialYear
from funding.ledger.errors import BudgetExceeded
from funding.ledger.models import Budget, CommitmentLine
from grants import schedules, selectors
from grants.errors import GrantsRoleRequired
from grants.models import AwardStatus, InstalmentStatus
from grants.returns import services as returns
from grants.returns.models import ReturnStatus
from grants.variations import services as variations
from grants.variations.errors import VariationOverLimit, VariationRefused
from grants.variations.models import VariationStatus
from tests.commissioning.decision_factories import decision_maker, officer
from tests.funding.ledger_factories import funded_budget
from tests.funding.test_ledger_demo_and_bench import assert_reconciled
from tests.grants.factories import (
    D,
    accept_returns_before,
    accepted_award,
    administrator,
    applied_variation,
    approved_variation,
    award_budgets,
    paying,
    proposed_variation,
    released_and_paid,
    results_award,
    return_figures,
    submitted_return,
    variation_changes,
    writer,
)
from tests.plans.factories import BODY_B, body

pytestmark = pytest.mark.django_db


def line_of(award, budget):
    return CommitmentLine.objects.get(commitment_id=award.commitment_id, budget=budget)


def assert_award_agrees(award):
    """The award's money, its instalments and the ledger agree, and each budget reconciles."""
    award.refresh_from_db()
    amounts = {a.budget_id: a.amount for a in award.amounts.all()}
    planned = {}
    for instalment in award.instalments.all():
        planned[instalment.budget_id] = planned.get(instalment.budget_id, D(0)) + instalment.amount
    assert planned == amounts
    reconciliation = selectors.award_reconciliation(award)
    assert reconciliation["ledger"] == reconciliation["grants"]
    assert_reconciled(
        Budget.objects.filter(
            pk__in=CommitmentLine.objects.filter(commitment_id=award.commitment_id).values(
                "budget_id"
            )
        )
    )


def test_more_money_is_reserved_at_approval_and_committed_at_acceptance():
    award = accepted_award()
    first, _second = award_budgets(award)
    variation = approved_variation(award, amounts={first: D("15000.00")})
    assert line_of(award, first).reserved == D("3000.00")
    first.refresh_from_db()
    assert first.reserved == D("3000.00")
    variation = variations.variation_accept(
        variation=variation,
        by=administrator(award.organisation),
        accepted_name="Alex Administrator",
        confirmed=True,
    )
    assert variation.status == VariationStatus.APPLIED
    line = line_of(award, first)
    assert (line.reserved, line.committed) == (D("0.00"), D("15000.00"))
    assert_award_agrees(award)
    assert award.variations.get().transitions.count() == 4


def test_less_money_is_decommitted_and_the_unpaid_instalments_shrink():
    award = accepted_award()
    _first, second = award_budgets(award)
    applied_variation(award, amounts={second: D("5000.00")})
    assert line_of(award, second).committed == D("5000.00")
    second.refresh_from_db()
    assert second.committed == D("5000.00")
    assert_award_agrees(award)


def test_money_moves_between_years_and_to_a_budget_the_award_did_not_charge():
    award = accepted_award()
    first, second = award_budgets(award)
    other = funded_budget(amount=D("50000.00"), body_=award.body, year=FinancialYear(2027))
    applied_variation(
        award, amounts={first: D("9000.00"), second: D("6000.00"), other: D("5000.00")}
    )
    assert {a.budget_id: a.amount for a in award.amounts.all()} == {
        first.pk: D("9000.00"),
        second.pk: D("6000.00"),
        other.pk: D("5000.00"),
    }
    assert line_of(award, other).committed == D("5000.00")
    assert_award_agrees(award)


def test_a_budget_the_variation_empties_leaves_the_award():
    award = accepted_award()
    first, second = award_budgets(award)
    applied_variation(award, amounts={first: D("20000.00"), second: None})
    assert list(award.amounts.values_list("budget_id", flat=True)) == [first.pk]
    assert not award.instalments.filter(budget=second).exists()
    assert line_of(award, second).committed == D("0.00")
    assert_award_agrees(award)


def test_odd_pennies_add_up_to_the_new_amount_exactly():
    award = accepted_award()
    first, second = award_budgets(award)
    applied_variation(
        award, amounts={first: D("12000.01"), second: D("7999.99")}, schedule_kind="monthly"
    )
    for budget, amount in ((first, D("12000.01")), (second, D("7999.99"))):
        parts = [i.amount for i in award.instalments.filter(budget=budget)]
        assert sum(parts) == amount
        assert max(parts) - min(parts) <= D("0.01")
    assert award.instalments.filter(budget=second).count() == 12
    assert_award_agrees(award)


def test_released_and_paid_instalments_are_untouched_and_the_rest_is_regenerated():
    award = accepted_award()
    first, _second = award_budgets(award)
    instalment = award.instalments.order_by("number").first()
    from grants import services

    services.instalment_release(instalment=instalment, by=paying(award))
    services.instalment_pay(
        instalment=instalment,
        by=paying(award),
        paid_on=datetime.date(2026, 7, 1),
        amount=instalment.amount,
        remittance_reference="BACS 1",
        supplier_number="SUP-1",
    )
    award.refresh_from_db()
    assert award.status == AwardStatus.ACTIVE
    applied_variation(award, amounts={first: D("13000.00")})
    kept = award.instalments.get(pk=instalment.pk)
    assert (kept.status, kept.amount, kept.number) == (InstalmentStatus.PAID, D("3000.00"), 1)
    rest = award.instalments.filter(budget=first, status=InstalmentStatus.PLANNED)
    assert sum(i.amount for i in rest) == D("10000.00")
    assert min(i.number for i in rest) > 1
    assert_award_agrees(award)


def test_a_variation_cannot_cut_below_what_is_already_released():
    award = accepted_award()
    first, _second = award_budgets(award)
    instalment = award.instalments.order_by("number").first()
    from grants import services

    services.instalment_release(instalment=instalment, by=paying(award))
    with pytest.raises(VariationRefused) as refused:
        variations.variation_propose(
            award=award,
            by=officer(award.body),
            changes=variation_changes(award, amounts={first: D("2000.00")}),
        )
    assert "already released or paid" in refused.value.message


def test_a_decision_maker_above_their_limit_is_refused():
    award = accepted_award()
    first, _second = award_budgets(award)
    variation = proposed_variation(award, amounts={first: D("13000.00")})
    limited = decision_maker(award.body, limit=D("20000.00"))
    with pytest.raises(VariationOverLimit) as refused:
        variations.variation_approve(variation=variation, by=limited)
    assert "£21,000.00" in refused.value.message
    variation.refresh_from_db()
    assert variation.status == VariationStatus.AWAITING_APPROVAL
    assert line_of(award, first).reserved == D("0.00")


def test_a_budget_without_room_refuses_the_increase_and_reserves_nothing():
    award = accepted_award(budget_amount=D("20000.00"))
    first, _second = award_budgets(award)
    variation = proposed_variation(award, amounts={first: D("21000.00")})
    with pytest.raises(BudgetExceeded) as refused:
        variations.variation_approve(variation=variation, by=decision_maker(award.body))
    assert "£8,000.00 left" in refused.value.message
    variation.refresh_from_db()
    assert variation.status == VariationStatus.AWAITING_APPROVAL
    first.refresh_from_db()
    assert first.reserved == D("0.00")
    assert_award_agrees(award)


def _snapshot(award):
    award.refresh_from_db()
    return (
        award.starts_on,
        award.ends_on,
        award.schedule_kind,
        sorted(award.amounts.values_list("budget_id", "amount")),
        sorted(award.instalments.values_list("pk", "number", "amount", "due_on")),
        sorted(
            CommitmentLine.objects.filter(commitment_id=award.commitment_id).values_list(
                "budget_id", "reserved", "committed"
            )
        ),
    )


def test_a_declined_letter_cancels_the_reservation_and_changes_nothing():
    award = accepted_award()
    first, _second = award_budgets(award)
    before = _snapshot(award)
    variation = approved_variation(award, amounts={first: D("14000.00")}, ends_on=award.ends_on)
    assert line_of(award, first).reserved == D("2000.00")
    variations.variation_decline(
        variation=variation, by=administrator(award.organisation), reason="Not needed."
    )
    assert _snapshot(award) == before
    assert_award_agrees(award)


def test_a_refusal_or_a_withdrawal_changes_nothing():
    award = accepted_award()
    first, _second = award_budgets(award)
    before = _snapshot(award)
    refused = proposed_variation(award, amounts={first: D("14000.00")})
    with pytest.raises(VariationRefused):
        variations.variation_refuse(variation=refused, by=decision_maker(award.body), note=" ")
    variations.variation_refuse(
        variation=refused, by=decision_maker(award.body), note="Not within the plan."
    )
    withdrawn = approved_variation(award, amounts={first: D("14000.00")})
    variations.variation_withdraw(variation=withdrawn, by=officer(award.body))
    assert _snapshot(award) == before
    assert [v.reference for v in award.variations.order_by("number")] == ["V1", "V2"]
    assert_award_agrees(award)


def test_one_variation_is_open_at_a_time_and_only_the_right_people_move_it():
    award = accepted_award()
    first, _second = award_budgets(award)
    variation = proposed_variation(award, amounts={first: D("14000.00")})
    with pytest.raises(VariationRefused):
        variations.variation_propose(
            award=award, by=officer(award.body), changes=variation_changes(award)
        )
    with pytest.raises(GrantsRoleRequired):
        variations.variation_approve(variation=variation, by=officer(award.body))
    with pytest.raises(GrantsRoleRequired):
        variations.variation_approve(variation=variation, by=decision_maker(body(BODY_B)))
    approved = variations.variation_approve(variation=variation, by=decision_maker(award.body))
    with pytest.raises(GrantsRoleRequired):
        variations.variation_accept(
            variation=approved, by=officer(award.body), accepted_name="Me", confirmed=True
        )
    with pytest.raises(VariationRefused):
        variations.variation_accept(
            variation=approved,
            by=administrator(award.organisation),
            accepted_name="",
            confirmed=False,
        )


def test_a_variation_that_changes_nothing_or_has_no_reason_is_refused_with_every_problem():
    award = accepted_award()
    with pytest.raises(VariationRefused) as refused:
        variations.variation_propose(
            award=award, by=officer(award.body), changes=variation_changes(award, reason="")
        )
    assert len(refused.value.extra["problems"]) == 2


def test_a_longer_grant_gets_returns_for_its_new_periods_and_keeps_those_submitted():
    award = accepted_award()
    first_return = award.monitoring_returns.order_by("number").first()
    submitted_return(first_return)
    count = award.monitoring_returns.count()
    applied_variation(
        award, ends_on=datetime.date(2028, 9, 30), outcome_targets="300 people supported"
    )
    award.refresh_from_db()
    assert award.ends_on == datetime.date(2028, 9, 30)
    assert award.outcome_targets == "300 people supported"
    assert award.monitoring_returns.count() == count + 2
    kept = award.monitoring_returns.get(pk=first_return.pk)
    assert kept.status == ReturnStatus.SUBMITTED
    numbers = list(
        award.monitoring_returns.order_by("period_start").values_list("number", flat=True)
    )
    assert numbers == sorted(numbers)
    assert_award_agrees(award)


def test_a_shorter_grant_cuts_its_returns_but_not_below_one_submitted():
    award = accepted_award()
    applied_variation(award, ends_on=datetime.date(2028, 2, 15))
    last = award.monitoring_returns.order_by("-period_end").first()
    assert last.period_end == datetime.date(2028, 2, 15)
    first_return = award.monitoring_returns.order_by("number").first()
    submitted_return(first_return)
    with pytest.raises(VariationRefused) as refused:
        variations.variation_propose(
            award=award,
            by=officer(award.body),
            changes=variation_changes(award, ends_on=datetime.date(2026, 5, 31)),
        )
    assert any("Monitoring return 1" in p for p in refused.value.extra["problems"])


def test_the_letter_is_made_at_approval_and_reads_back(
    eager_tasks, django_capture_on_commit_callbacks
):
    award = accepted_award()
    first, _second = award_budgets(award)
    measure = award.outcome_measures.get()
    with django_capture_on_commit_callbacks(execute=True):
        variation = approved_variation(
            award, amounts={first: D("15000.00")}, targets={measure.pk: 4321}
        )
    variation.refresh_from_db()
    assert variation.letter is not None
    assert variation.letter.content_type == "application/pdf"
    with variation.letter.file.open("rb") as handle:
        text = " ".join(page.extract_text() for page in PdfReader(io.BytesIO(handle.read())).pages)
    assert "Variation letter V1" in text
    assert "£15,000.00" in text
    assert award.public_id in text
    # A table cell wraps its words over lines: compare without the spaces.
    squeezed = "".join(text.split())
    assert "".join(f"Target: {measure.name}".split()) in squeezed
    assert "4321" in squeezed


def _instalments(award):
    return sorted(
        award.instalments.values_list(
            "pk", "budget_id", "kind", "status", "amount", "period_start", "period_end", "due_on"
        )
    )


def _results_award_with_its_first_fixed_part_paid():
    """A payment-by-results award whose first quarter's fixed instalment is paid while that
    quarter's results instalment (its cap) still waits for the return."""
    award = results_award()
    released_and_paid(award.instalments.filter(kind="fixed").order_by("number").first())
    assert award.instalments.filter(kind="results", status=InstalmentStatus.PLANNED).count() == 8
    return award


def test_a_variation_of_the_targets_alone_leaves_every_instalment_as_it_was():
    award = _results_award_with_its_first_fixed_part_paid()
    before = _instalments(award)
    applied_variation(award, outcome_targets="40 people helped into safe housing")
    award.refresh_from_db()
    assert award.outcome_targets == "40 people helped into safe housing"
    assert _instalments(award) == before
    assert_award_agrees(award)


def test_a_replan_keeps_results_instalments_their_kind_and_their_cap():
    award = _results_award_with_its_first_fixed_part_paid()
    planned = variations.instalments_replan(
        award,
        starts_on=award.starts_on,
        ends_on=award.ends_on,
        kind=award.schedule_kind,
        money={a.budget_id: (a.budget, a.amount) for a in award.amounts.select_related("budget")},
    )
    assert sorted(
        (p.budget_id, p.kind, p.amount, p.period_start, p.period_end, p.due_on) for p in planned
    ) == sorted(
        award.instalments.filter(status=InstalmentStatus.PLANNED).values_list(
            "budget_id", "kind", "amount", "period_start", "period_end", "due_on"
        )
    )


def assert_one_instalment_per_period(award, kept):
    """Every period of the award's schedule that has money has exactly one instalment of each
    of its budgets, with the period, due date and kind the schedule gives it; `kept` (released
    or paid before the variation) are still there as they were."""
    award.refresh_from_db()
    plan = schedules.instalments_plan(
        kind=award.schedule_kind,
        starts_on=award.starts_on,
        ends_on=award.ends_on,
        money=[
            schedules.YearMoney(budget_id=a.budget_id, year=a.year, amount=a.amount)
            for a in award.amounts.order_by("year")
        ],
    )
    slots = sorted((p.budget_id, p.kind, p.period_start, p.period_end, p.due_on) for p in plan)
    instalments = list(award.instalments.all())
    assert (
        sorted((i.budget_id, i.kind, i.period_start, i.period_end, i.due_on) for i in instalments)
        == slots
    )
    for instalment in kept:
        assert award.instalments.get(pk=instalment.pk).status == instalment.status
    assert_award_agrees(award)


def test_more_money_keeps_each_period_its_own_instalment_beside_one_paid_out_of_turn():
    award = accepted_award()
    first, _second = award_budgets(award)
    # The second quarter's instalment paid while the first is held back.
    held, second_quarter = award.instalments.filter(budget=first).order_by("due_on")[:2]
    accept_returns_before(second_quarter)
    paid = released_and_paid(second_quarter)
    applied_variation(award, amounts={first: D("15000.00")})
    assert_one_instalment_per_period(award, kept=[paid])
    new_first = award.instalments.get(budget=first, period_start=held.period_start)
    assert new_first.status == InstalmentStatus.PLANNED
    assert new_first.amount == D("4000.00")  # (£15,000 - £3,000 paid) over three quarters


def test_a_longer_grant_keeps_each_period_its_own_instalment_beside_one_paid():
    award = accepted_award()
    paid = released_and_paid(award.instalments.order_by("number").first())
    applied_variation(award, ends_on=datetime.date(2028, 9, 30))
    assert_one_instalment_per_period(award, kept=[paid])
    applied_variation(award, schedule_kind="monthly")
    award.refresh_from_db()
    monthly = award.instalments.filter(status=InstalmentStatus.PLANNED, budget=paid.budget)
    assert min(i.period_start for i in monthly) == datetime.date(2026, 7, 1)
    assert sum(i.amount for i in monthly) == D("9000.00")


def test_a_grant_lengthened_after_a_shortening_gives_the_days_a_kept_return_missed_their_own():
    award = accepted_award()
    applied_variation(award, ends_on=datetime.date(2028, 2, 15))
    cut = award.monitoring_returns.get(period_end=datetime.date(2028, 2, 15))
    submitted_return(cut)
    with CaptureQueriesContext(connection) as queries:
        applied_variation(award, ends_on=datetime.date(2028, 3, 31))
    # The returns were locked before they changed.
    assert any(
        'FROM "grants_monitoringreturn"' in q["sql"] and "FOR UPDATE" in q["sql"]
        for q in queries.captured_queries
    )
    periods = list(
        award.monitoring_returns.order_by("period_start").values_list(
            "period_start", "period_end", "status"
        )
    )
    assert periods[-2:] == [
        (datetime.date(2028, 1, 1), datetime.date(2028, 2, 15), ReturnStatus.SUBMITTED),
        (datetime.date(2028, 2, 16), datetime.date(2028, 3, 31), ReturnStatus.DUE),
    ]
    numbers = [r.number for r in award.monitoring_returns.order_by("period_start")]
    assert numbers == sorted(numbers)
    assert len(set(numbers)) == len(numbers)


def test_a_due_return_with_figures_saved_is_neither_cut_nor_deleted():
    award = accepted_award()
    last = award.monitoring_returns.order_by("-period_end").first()
    returns.return_save(
        monitoring_return=last, by=writer(award.organisation), figures=return_figures(last)
    )
    last.refresh_from_db()
    with pytest.raises(VariationRefused) as refused:
        variations.variation_propose(
            award=award,
            by=officer(award.body),
            changes=variation_changes(award, ends_on=datetime.date(2027, 12, 31)),
        )
    assert any(
        f"Monitoring return {last.number} " in p and "figures saved" in p
        for p in refused.value.extra["problems"]
    )
    # Lengthened, the grant keeps it as it was and adds returns after it.
    applied_variation(award, ends_on=datetime.date(2028, 9, 30))
    kept = award.monitoring_returns.get(pk=last.pk)
    assert (kept.period_end, kept.saved_at) == (last.period_end, last.saved_at)
    assert award.monitoring_returns.filter(period_start__gt=last.period_end).count() == 2


def test_a_variation_changes_an_outcome_measures_target_when_the_provider_accepts():
    award = results_award()
    first, second, third = award.outcome_measures.order_by("ordering", "pk")
    before = {m.pk: m.target for m in (first, second, third)}
    instalments = _instalments(award)
    variation = approved_variation(
        award,
        targets={first.pk: before[first.pk], second.pk: before[second.pk] + 25, third.pk: None},
    )
    # Only the target that changes is kept, with what it was.
    assert list(variation.targets.values_list("measure_id", "was_target", "target")) == [
        (second.pk, before[second.pk], before[second.pk] + 25)
    ]
    assert variations.letter_context(variation, award)["targets"] == [
        {"measure": second.name, "was": before[second.pk], "target": before[second.pk] + 25}
    ]
    second.refresh_from_db()
    assert second.target == before[second.pk]
    variations.variation_accept(
        variation=variation,
        by=administrator(award.organisation),
        accepted_name="Alex Administrator",
        confirmed=True,
    )
    assert dict(award.outcome_measures.values_list("pk", "target")) == {
        **before,
        second.pk: before[second.pk] + 25,
    }
    assert _instalments(award) == instalments


def test_a_variation_giving_every_target_as_it_is_still_changes_nothing():
    award = accepted_award()
    targets = dict(award.outcome_measures.values_list("pk", "target"))
    with pytest.raises(VariationRefused) as refused:
        variations.variation_propose(
            award=award, by=officer(award.body), changes=variation_changes(award, targets=targets)
        )
    assert refused.value.message.startswith("The variation changes nothing")


def test_two_milestones_due_on_one_day_keep_an_instalment_each_when_the_first_is_paid():
    """A milestone's instalment is matched by its milestone, not by its period: milestones
    due on the same day share one."""
    from grants import services
    from grants.models import ScheduleKind
    from tests.grants.factories import draft_award

    award = draft_award(D("1000.00"), D("500.00"))
    day = datetime.date(2026, 6, 1)
    services.schedule_set(
        award=award,
        by=officer(award.body),
        kind=ScheduleKind.MILESTONES,
        milestones=[
            services.MilestoneInput("Service open", day, "Opening report"),
            services.MilestoneInput("Staff in post", day, "Rota"),
            services.MilestoneInput("Year two review", datetime.date(2027, 9, 1), "Review"),
        ],
    )
    services.award_offer(award=award, by=officer(award.body))
    award = services.award_accept(
        award=award, by=administrator(award.organisation), accepted_name="Alex", confirmed=True
    )
    first = award.instalments.order_by("number").first()
    released_and_paid(first)
    year_one, _year_two = award_budgets(award)
    applied_variation(award, amounts={year_one: D("1600.00")})
    by_milestone = {}
    for instalment in award.instalments.select_related("milestone"):
        by_milestone.setdefault(instalment.milestone.name, []).append(instalment.amount)
    assert by_milestone["Service open"] == [first.amount]
    assert len(by_milestone["Staff in post"]) == 1
    assert first.amount + by_milestone["Staff in post"][0] == D("1600.00")
    assert by_milestone["Year two review"] == [D("500.00")]
