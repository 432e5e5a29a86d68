"""Monitoring returns (grants.returns.services): generated from the award's dates when it is
accepted, saved as typed, submitted by a writer of the organisation, returned or accepted by
the office (then frozen), and what they mean for releasing instalments."""

import datetime

import pytest
from django.db import ProgrammingError, transaction

from core.audit import events_for
from grants import services
from grants.errors import GrantsRoleRequired, PaymentRefused, ReleaseBlocked
from grants.models import ScheduleKind
from grants.returns import services as returns
from grants.returns.errors import ReturnRefused
from grants.returns.models import (
    MeasureKind,
    MonitoringReturn,
    ReturnOutcome,
    ReturnSpend,
    ReturnStatus,
)
from providers.models import MemberRole
from tests.commissioning.decision_factories import decision_maker, finance_officer, officer
from tests.grants.factories import (
    D,
    accept_returns_before,
    accepted_award,
    accepted_return,
    administrator,
    draft_award,
    member,
    results_award,
    return_figures,
    submitted_return,
    writer,
)
from tests.plans.factories import body

pytestmark = pytest.mark.django_db
date = datetime.date


# --- Periods and due dates -------------------------------------------------------------------


def test_quarterly_periods_follow_the_financial_year_cut_to_the_award_dates():
    periods = returns.return_periods(starts_on=date(2026, 5, 15), ends_on=date(2027, 1, 10))
    assert periods == [
        (date(2026, 5, 15), date(2026, 6, 30)),
        (date(2026, 7, 1), date(2026, 9, 30)),
        (date(2026, 10, 1), date(2026, 12, 31)),
        (date(2027, 1, 1), date(2027, 1, 10)),
    ]


def test_a_return_is_due_28_days_after_its_period_ends_unless_the_award_says_otherwise():
    assert returns.due_on_for(date(2026, 6, 30)) == date(2026, 7, 28)
    assert returns.due_on_for(date(2026, 12, 31)) == date(2027, 1, 28)
    assert returns.due_on_for(date(2026, 6, 30), due_days=14) == date(2026, 7, 14)


def test_a_period_ending_on_29_february_is_due_28_days_later():
    # An award ending on leap day, with monthly periods: February's ends on the 29th.
    periods = returns.return_periods(
        starts_on=date(2028, 1, 1), ends_on=date(2028, 2, 29), months=1
    )
    assert periods == [(date(2028, 1, 1), date(2028, 1, 31)), (date(2028, 2, 1), date(2028, 2, 29))]
    assert returns.due_on_for(date(2028, 2, 29)) == date(2028, 3, 28)
    # A quarter cut at the leap day too.
    quarters = returns.return_periods(starts_on=date(2027, 4, 1), ends_on=date(2028, 2, 29))
    assert quarters[-1] == (date(2028, 1, 1), date(2028, 2, 29))
    assert returns.due_on_for(quarters[-1][1], due_days=1) == date(2028, 3, 1)


def test_accepting_an_award_makes_its_quarterly_returns_once():
    award = accepted_award()
    made = list(award.monitoring_returns.order_by("number"))
    # 2026-27 and 2027-28: eight quarters.
    assert len(made) == 8
    assert (made[0].period_start, made[0].period_end, made[0].due_on) == (
        date(2026, 4, 1),
        date(2026, 6, 30),
        date(2026, 7, 28),
    )
    assert made[-1].period_end == date(2028, 3, 31)
    assert {r.status for r in made} == {ReturnStatus.DUE}
    assert list(award.outcome_measures.values_list("kind", flat=True)) == [
        MeasureKind.COPE_AND_RECOVER
    ]
    assert returns.returns_generate(award=award) == []
    assert award.monitoring_returns.count() == 8


def test_the_office_sets_the_period_due_days_and_targets_before_acceptance():
    award = draft_award()
    returns.return_terms_set(
        award=award,
        by=officer(award.body),
        period_months=6,
        due_days=42,
        cope_target=120,
        measures=[returns.MeasureInput("Feel safer", 80)],
    )
    with pytest.raises(GrantsRoleRequired):
        returns.return_terms_set(award=award, by=finance_officer(award.body), period_months=3)
    services.award_offer(award=award, by=officer(award.body))
    services.award_accept(
        award=award, by=administrator(award.organisation), accepted_name="Al", confirmed=True
    )
    made = list(award.monitoring_returns.order_by("number"))
    assert len(made) == 4
    assert made[0].period_end == date(2026, 9, 30)
    assert made[0].due_on == date(2026, 11, 11)
    assert sorted(award.outcome_measures.values_list("name", "target")) == [
        ("Better able to cope and recover", 120),
        ("Feel safer", 80),
    ]
    with pytest.raises(ReturnRefused, match="can no longer change"):
        returns.return_terms_set(award=award, by=officer(award.body), period_months=3)


def test_accepted_awards_without_returns_are_given_them():
    award = accepted_award()
    MonitoringReturn.objects.filter(award=award).delete()
    assert returns.returns_generate_for_accepted() == 8
    assert returns.returns_generate_for_accepted() == 0


# --- Saving and the lifecycle ----------------------------------------------------------------


def first_return(award):
    return award.monitoring_returns.order_by("number").first()


def test_saving_a_return_a_variation_has_since_deleted_is_refused_with_a_message():
    """The provider opened the return before a variation took its period away."""
    award = accepted_award()
    monitoring_return = award.monitoring_returns.order_by("number").last()
    MonitoringReturn.objects.filter(pk=monitoring_return.pk).delete()
    with pytest.raises(ReturnRefused, match="no longer exists"):
        returns.return_save(
            monitoring_return=monitoring_return,
            by=writer(award.organisation),
            figures=returns.Figures(narrative="Typed before the change"),
        )


def test_a_saved_return_keeps_what_was_typed_and_submission_names_what_is_missing():
    award = accepted_award()
    monitoring_return = first_return(award)
    editor = writer(award.organisation)
    returns.return_save(
        monitoring_return=monitoring_return,
        by=editor,
        figures=returns.Figures(referrals={"police": 4, "unknown-source": 9}, narrative=" Half "),
    )
    monitoring_return.refresh_from_db()
    assert monitoring_return.referrals == {"police": 4}
    assert monitoring_return.narrative == "Half"
    with pytest.raises(ReturnRefused) as refused:
        returns.return_submit(monitoring_return=monitoring_return, by=editor)
    problems = refused.value.extra["problems"]
    assert problems[0] == "Enter every count of referrals received by source (0 if none)."
    assert "Enter the spend to date on each budget line (0 if none)." in problems
    assert MonitoringReturn.objects.get(pk=monitoring_return.pk).status == ReturnStatus.DUE


def test_submit_return_correct_and_accept_each_move_recorded_and_audited():
    award = accepted_award()
    monitoring_return = submitted_return(first_return(award))
    assert monitoring_return.status == ReturnStatus.SUBMITTED
    reviewer = officer(award.body)
    with pytest.raises(ReturnRefused, match="Say what the provider must change"):
        returns.return_send_back(monitoring_return=monitoring_return, by=reviewer, comment=" ")
    returns.return_send_back(
        monitoring_return=monitoring_return, by=reviewer, comment="Add the spend on staff."
    )
    monitoring_return.refresh_from_db()
    assert monitoring_return.status == ReturnStatus.RETURNED
    assert monitoring_return.review_comment == "Add the spend on staff."
    editor = writer(award.organisation)
    returns.return_save(
        monitoring_return=monitoring_return,
        by=editor,
        figures=return_figures(monitoring_return, spent=D("2500.50")),
    )
    returns.return_submit(monitoring_return=monitoring_return, by=editor)
    returns.return_accept(monitoring_return=monitoring_return, by=decision_maker(award.body))
    monitoring_return.refresh_from_db()
    assert monitoring_return.status == ReturnStatus.ACCEPTED
    assert set(monitoring_return.spend.values_list("spent", flat=True)) == {D("2500.50")}
    moves = list(monitoring_return.transitions.values_list("from_status", "to_status"))
    assert moves == [
        ("due", "submitted"),
        ("submitted", "returned"),
        ("returned", "submitted"),
        ("submitted", "accepted"),
    ]
    assert len(events_for(monitoring_return)) >= 5


def test_the_wrong_person_is_refused_each_move():
    award = accepted_award()
    monitoring_return = first_return(award)
    figures = return_figures(monitoring_return)
    for person in (
        member(award.organisation, role=MemberRole.VIEWER),
        officer(award.body),
        writer(accepted_award().organisation),
    ):
        with pytest.raises(GrantsRoleRequired):
            returns.return_save(monitoring_return=monitoring_return, by=person, figures=figures)
    submitted = submitted_return(monitoring_return)
    for person in (
        finance_officer(award.body),
        administrator(award.organisation),
        officer(body("dyfed-powys")),
    ):
        with pytest.raises(GrantsRoleRequired):
            returns.return_accept(monitoring_return=submitted, by=person)


def test_a_move_from_the_wrong_state_is_refused():
    award = accepted_award()
    monitoring_return = first_return(award)
    with pytest.raises(ReturnRefused, match="due cannot be moved to accepted"):
        returns.return_accept(monitoring_return=monitoring_return, by=officer(award.body))
    accepted = accepted_return(monitoring_return)
    with pytest.raises(ReturnRefused, match="accepted cannot be moved to submitted"):
        returns.return_submit(monitoring_return=accepted, by=writer(award.organisation))
    with pytest.raises(ReturnRefused, match="can no longer be changed"):
        returns.return_save(
            monitoring_return=accepted,
            by=writer(award.organisation),
            figures=return_figures(accepted),
        )


def test_an_accepted_return_is_frozen_by_the_database():
    award = accepted_award()
    accepted = accepted_return(first_return(award))
    with pytest.raises(ProgrammingError), transaction.atomic():
        MonitoringReturn.objects.filter(pk=accepted.pk).update(narrative="Changed")
    with pytest.raises(ProgrammingError), transaction.atomic():
        MonitoringReturn.objects.filter(pk=accepted.pk).update(status="due")
    with pytest.raises(ProgrammingError), transaction.atomic():
        ReturnOutcome.objects.filter(monitoring_return=accepted).update(achieved=999)
    with pytest.raises(ProgrammingError), transaction.atomic():
        ReturnSpend.objects.filter(monitoring_return=accepted).delete()
    with pytest.raises(ProgrammingError), transaction.atomic():
        MonitoringReturn.objects.filter(pk=accepted.pk).delete()
    accepted.refresh_from_db()
    assert accepted.narrative == return_figures(accepted).narrative


def test_returns_become_overdue_the_day_after_they_are_due_once():
    award = accepted_award()
    monitoring_return = first_return(award)
    on_due_day = datetime.datetime(2026, 7, 28, 12, tzinfo=datetime.UTC)
    assert returns.returns_mark_overdue(now=on_due_day) == 0
    next_day = on_due_day + datetime.timedelta(days=1)
    assert returns.returns_mark_overdue(now=next_day) == 1
    assert returns.returns_mark_overdue(now=next_day) == 0
    monitoring_return.refresh_from_db()
    assert monitoring_return.status == ReturnStatus.OVERDUE
    (move,) = monitoring_return.transitions.all()
    assert move.by is None
    # An overdue return is still submitted.
    assert submitted_return(monitoring_return).status == ReturnStatus.SUBMITTED


# --- Releases --------------------------------------------------------------------------------


def test_the_second_instalment_waits_for_the_previous_return_and_names_it():
    award = accepted_award()
    paying = finance_officer(award.body)
    first, second = award.instalments.order_by("number")[:2]
    services.instalment_release(instalment=first, by=paying)
    with pytest.raises(ReleaseBlocked) as blocked:
        services.instalment_release(instalment=second, by=paying)
    assert blocked.value.extra["blockers"] == [
        "Monitoring return 1 (1 April 2026 to 30 June 2026) must be accepted first: it is due."
    ]
    submitted = submitted_return(first_return(award))
    with pytest.raises(ReleaseBlocked, match="it is submitted"):
        services.instalment_release(instalment=second, by=paying)
    returns.return_accept(monitoring_return=submitted, by=officer(award.body))
    assert services.release_blockers(second) == []
    services.instalment_release(instalment=second, by=paying)


def release_results(award, achieved):
    instalment = award.instalments.filter(kind="results").order_by("number").first()
    accept_returns_before(instalment)
    monitoring_return = award.monitoring_returns.get(period_end=instalment.period_end)
    accepted_return(monitoring_return, achieved=achieved)
    working = returns.results_working(instalment)
    services.instalment_release(instalment=instalment, by=finance_officer(award.body))
    instalment.refresh_from_db()
    return instalment, working


def test_payment_by_results_below_the_cap_pays_outcomes_times_tariff():
    award = results_award()
    assert award.outcome_measures.filter(kind=MeasureKind.TARIFF).count() == 2
    instalment, working = release_results(award, achieved=3)
    # 3 x £150 + 3 x £400 = £1,650; the quarter's cap is £2,045.46 (the year's £10,000 less
    # its share of the fixed part, £1,818.18, over four quarters).
    assert instalment.amount == D("2045.46")
    assert working.earned == D("1650.00")
    assert not working.capped
    assert instalment.released_amount == D("1650.00")
    assert sorted(instalment.results.values()) == [3, 3]


def test_payment_by_results_at_the_cap_pays_the_cap():
    # No fixed part: each quarter of the first year is capped at £10,000 / 4.
    award = results_award(fixed=D("0.00"))
    instalment = award.instalments.filter(kind="results").order_by("number").first()
    assert instalment.amount == D("2500.00")
    accept_returns_before(instalment)
    monitoring_return = award.monitoring_returns.get(period_end=instalment.period_end)
    figures = return_figures(monitoring_return)
    cope, housing = award.outcome_measures.filter(kind=MeasureKind.TARIFF).order_by("pk")
    cope_recover = award.outcome_measures.get(kind=MeasureKind.COPE_AND_RECOVER)
    # 14 x £150 + 1 x £400 = £2,500 exactly.
    figures.outcomes = {cope.pk: 14, housing.pk: 1, cope_recover.pk: 15}
    editor = writer(award.organisation)
    returns.return_save(monitoring_return=monitoring_return, by=editor, figures=figures)
    returns.return_submit(monitoring_return=monitoring_return, by=editor)
    returns.return_accept(monitoring_return=monitoring_return, by=officer(award.body))
    working = returns.results_working(instalment)
    assert working.earned == working.cap == working.amount == D("2500.00")
    assert not working.capped
    services.instalment_release(instalment=instalment, by=finance_officer(award.body))
    instalment.refresh_from_db()
    assert instalment.released_amount == D("2500.00")
    assert instalment.results == {str(cope.tariff_id): 14, str(housing.tariff_id): 1}


def test_payment_by_results_above_the_cap_pays_the_cap():
    award = results_award()
    instalment, working = release_results(award, achieved=100)
    assert working.earned == D("55000.00")
    assert working.capped
    assert instalment.released_amount == instalment.amount == D("2045.46")


def test_payment_by_results_waits_for_its_period_return_and_refuses_nothing_earned():
    award = results_award()
    instalment = award.instalments.filter(kind="results").order_by("number").first()
    paying = finance_officer(award.body)
    with pytest.raises(ReleaseBlocked, match=r"Monitoring return 1 .* it is due"):
        services.instalment_release(instalment=instalment, by=paying)
    monitoring_return = award.monitoring_returns.get(period_end=instalment.period_end)
    accepted_return(monitoring_return, achieved=0)
    with pytest.raises(PaymentRefused, match="earn nothing"):
        services.instalment_release(instalment=instalment, by=paying)


# --- Found in review ---------------------------------------------------------------------------


def test_a_drafts_schedule_changes_after_its_return_terms_were_set():
    award = draft_award(D("10000.00"), D("1000.00"))
    by = officer(award.body)
    tariffs = [services.TariffInput("Person supported to cope and recover", D("150.00"))]
    services.schedule_set(award=award, by=by, kind=ScheduleKind.RESULTS, tariffs=tariffs)
    returns.return_terms_set(award=award, by=by, period_months=3, cope_target=10)
    assert award.outcome_measures.filter(kind=MeasureKind.TARIFF).count() == 1
    # The tariffs are replaced, and the measures counting the old ones go with them.
    services.schedule_set(award=award, by=by, kind=ScheduleKind.QUARTERLY_IN_ARREARS)
    assert not award.outcome_measures.filter(kind=MeasureKind.TARIFF).exists()


def test_a_results_awards_returns_are_monthly_or_quarterly():
    award = results_award_draft()
    with pytest.raises(ReturnRefused, match="monthly or quarterly"):
        returns.return_terms_set(award=award, by=officer(award.body), period_months=6)
    returns.return_terms_set(award=award, by=officer(award.body), period_months=1)


def results_award_draft():
    award = draft_award(D("10000.00"), D("1000.00"))
    services.schedule_set(
        award=award,
        by=officer(award.body),
        kind=ScheduleKind.RESULTS,
        tariffs=[services.TariffInput("Person supported to cope and recover", D("150.00"))],
    )
    return award


def test_return_terms_are_refused_once_the_award_is_declined():
    award = draft_award()
    services.award_offer(award=award, by=officer(award.body))
    services.award_decline(award=award, by=administrator(award.organisation), reason="No.")
    with pytest.raises(ReturnRefused, match="can no longer change"):
        returns.return_terms_set(award=award, by=officer(award.body), period_months=3)


def test_every_earlier_return_must_be_accepted_not_only_the_latest():
    award = accepted_award()
    paying = finance_officer(award.body)
    first, _second, third = award.instalments.order_by("number")[:3]
    services.instalment_release(instalment=first, by=paying)
    later = award.monitoring_returns.get(number=2)
    assert later.period_end < third.period_start
    accepted_return(later)
    # The first period's return is still due: the third instalment waits for it too.
    assert services.release_blockers(third) == [
        "Monitoring return 1 (1 April 2026 to 30 June 2026) must be accepted first: it is due."
    ]


def test_the_instalments_due_list_says_what_the_release_page_says_about_returns():
    from grants.selectors import instalments_due, list_blockers

    award = results_award()
    paying = finance_officer(award.body)
    first = award.instalments.order_by("number").first()
    services.instalment_release(instalment=first, by=paying)
    results = award.instalments.filter(kind="results").order_by("number").first()
    accept_returns_before(results)
    today = results.due_on

    def blockers_of(instalment):
        row = instalments_due(body=award.body, today=today).get(pk=instalment.pk)
        return list_blockers(row)

    assert blockers_of(results) == ["A monitoring return of this period is not accepted yet."]
    assert services.release_blockers(results)
    accepted_return(award.monitoring_returns.get(period_end=results.period_end))
    assert blockers_of(results) == services.release_blockers(results) == []
