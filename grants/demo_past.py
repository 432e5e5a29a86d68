"""The demo's grants that started before the anchor day (the day the demo was first loaded),
on the earlier round commissioning.past_demo decides in the past. Each step goes through the
services at its own instant (`now=`, `paid_on=`), never after the anchor: no return is
submitted before its period ends, no instalment paid in arrears before its due day, and a
return past its due day is made overdue as beat does, just after midnight the day after.

- Avon and Somerset, the walk-through (`walk_through_grant()`): quarterly in arrears, started
  two quarters before the anchor's. Return 1 submitted after its period, returned with a
  comment, corrected and accepted; instalment 1 paid after its period, instalment 2 paid
  after its own when its day has come; return 2 left due (or overdue) for the walk-through:
  the provider submits it, the officer returns it with a comment, the provider corrects it,
  the officer accepts it, and the instalment after it becomes releasable.
- Avon and Somerset, for termination with recovery (`recovery_grant()`): quarterly in arrears,
  instalment 1 paid, return 1 accepted with spend to date below what was paid.
- Thames Valley, paid by results (`results_grant()`): started three quarters before the
  anchor's, monthly returns due 40 days after each month. The first quarter's three returns
  accepted, its results instalment released and paid (its page shows the working) and its
  fixed parts paid; of the later months' returns one is returned with a comment, one
  submitted and waiting for review, the latest ended month's due, the others overdue; the
  months not yet ended are not yet open.
- Thames Valley, ended (`finished_grant()`): two quarters in arrears, both ended before the
  anchor's quarter before last; every return accepted, every instalment paid (for a close-out).

In Avon and Somerset, whose last year the year end's demo closed, nothing is dated in the
closed year: its grants start no earlier than the first day after it.
"""

from decimal import Decimal

from commissioning import past_demo
from commissioning.past_demo import DAY, at, quarter_start
from core.models import User
from grants import services
from grants.models import Award, InstalmentKind, ScheduleKind

WALK_THROUGH = ("avon-and-somerset", 0)
RECOVERY = ("avon-and-somerset", 1)
RESULTS = ("thames-valley", 0)
FINISHED = ("thames-valley", 1)


def award_for(slug, index) -> Award | None:
    """The award of the body's `index`th successful outcome (bid reference order) of the
    earlier round, or None."""
    outcomes = past_demo.earlier_outcomes(slug)
    if len(outcomes) <= index:
        return None
    return Award.objects.filter(outcome=outcomes[index]).first()


def load(*, anchor):
    from grants.returns import services as returns

    builders = {
        WALK_THROUGH: _walk_through,
        RECOVERY: _recovery,
        RESULTS: _results,
        FINISHED: _finished,
    }
    for (slug, index), build in builders.items():
        outcomes = past_demo.earlier_outcomes(slug)
        if len(outcomes) <= index or Award.objects.filter(outcome=outcomes[index]).exists():
            continue
        award = build(outcomes[index], slug, anchor)
        # As beat does, the morning after each due day that has passed.
        for monitoring_return in award.monitoring_returns.filter(
            status="due", due_on__lt=anchor
        ).order_by("number"):
            returns.return_transition(
                monitoring_return=monitoring_return,
                to="overdue",
                by=None,
                note="Not submitted by its due date",
                now=at(monitoring_return.due_on + DAY, 0, 20),
            )


def _people(slug, organisation):
    from grants.demo_data import _administrator

    officer, finance = (
        User.objects.get(email=f"{role}@{slug}.demo.example") for role in ("officer", "finance")
    )
    administrator = _administrator(organisation)
    return officer, finance, administrator.user


def _award(
    outcome,
    slug,
    anchor,
    *,
    ends_on=None,
    kind=ScheduleKind.QUARTERLY_IN_ARREARS,
    tariffs=(),
    fixed_share=None,
    period_months=3,
    due_days=28,
):
    """The outcome's award from the grants' start (to `ends_on`, or the end of its years),
    made, offered and accepted before it starts (or, when the decision came later, after)."""
    from grants.demo_data import _bring_in_date
    from grants.returns import services as returns

    officer, _finance, administrator = _people(slug, outcome.bid.organisation)
    starts_on = past_demo.grants_start(slug, anchor)
    made = past_demo.decided_on(slug, anchor) + 3 * DAY
    award = services.award_make(outcome=outcome, by=officer, now=at(made))
    ends_on = ends_on or award.ends_on
    amounts = {
        a.budget_id: a.amount
        for a in award.amounts.all()
        if a.year.start <= ends_on and a.year.end >= starts_on
    }
    services.award_edit(
        award=award,
        by=officer,
        terms=services.Terms(
            title=award.title,
            purpose=award.purpose,
            conditions=award.conditions,
            outcome_targets="60 young people report they cope better.",
            crime_and_disorder=award.crime_and_disorder,
            starts_on=starts_on,
            ends_on=ends_on,
            amounts=amounts,
        ),
        now=at(made),
    )
    total = sum(amounts.values(), Decimal("0.00"))
    services.schedule_set(
        award=award,
        by=officer,
        kind=kind,
        tariffs=tariffs,
        results_fixed=(total * fixed_share).quantize(Decimal("0.01")) if fixed_share else 0,
    )
    returns.return_terms_set(
        award=award,
        by=officer,
        period_months=period_months,
        due_days=due_days,
        cope_target=60,
    )
    services.award_offer(award=award, by=officer, acceptance_days=28, now=at(made, 11))
    services.award_accept(
        award=award,
        by=administrator,
        accepted_name=administrator.full_name or administrator.email,
        confirmed=True,
        now=at(made + 7 * DAY),
    )
    # Its administrator keeps the due-diligence documents in date from before it starts.
    _bring_in_date(award.organisation, min(starts_on, made) - 30 * DAY)
    _bring_in_date(award.organisation, anchor)
    award.refresh_from_db()
    return award


def _paid(instalment, slug, *, released, paid, reference):
    """Released on `released` and paid on `paid` by the body's finance officer."""
    finance = User.objects.get(email=f"finance@{slug}.demo.example")
    services.instalment_release(instalment=instalment, by=finance, now=at(released))
    instalment.refresh_from_db()
    services.instalment_pay(
        instalment=instalment,
        by=finance,
        paid_on=paid,
        amount=instalment.released_amount,
        remittance_reference=reference,
        supplier_number=f"SUP-{instalment.award.organisation_id:04d}",
        now=at(paid, 15),
    )


def _submitted(monitoring_return, administrator, day, *, people, spent):
    from grants.returns import demo as returns_demo

    returns_demo.submit_return(
        monitoring_return, administrator, people=people, spent=spent, now=at(day)
    )


def _walk_through(outcome, slug, anchor):
    from grants.returns import services as returns

    award = _award(outcome, slug, anchor)
    officer, _finance, administrator = _people(slug, award.organisation)
    first, second = award.instalments.order_by("number")[:2]
    report = award.monitoring_returns.get(number=1)
    end = report.period_end
    if end + 16 * DAY > anchor:
        return award  # the anchor is too early in the quarter after: nothing has happened yet
    _paid(
        first,
        slug,
        released=first.due_on + 2 * DAY,
        paid=first.due_on + 6 * DAY,
        reference="BACS-AS-0101",
    )
    _submitted(report, administrator, end + 8 * DAY, people=14, spent=first.amount)
    returns.return_send_back(
        monitoring_return=report,
        by=officer,
        comment="Please split the referrals by source: they are all under police.",
        now=at(end + 11 * DAY),
    )
    _submitted(report, administrator, end + 14 * DAY, people=14, spent=first.amount)
    returns.return_accept(monitoring_return=report, by=officer, now=at(end + 16 * DAY))
    if second.due_on + 6 * DAY <= anchor:
        _paid(
            second,
            slug,
            released=second.due_on + 2 * DAY,
            paid=second.due_on + 6 * DAY,
            reference="BACS-AS-0102",
        )
    return award


def _recovery(outcome, slug, anchor):
    from grants.returns import services as returns

    award = _award(outcome, slug, anchor)
    officer, _finance, administrator = _people(slug, award.organisation)
    first = award.instalments.order_by("number").first()
    report = award.monitoring_returns.get(number=1)
    if report.period_end + 18 * DAY > anchor:
        return award  # the anchor is too early in the quarter after: nothing has happened yet
    _paid(
        first,
        slug,
        released=first.due_on + 2 * DAY,
        paid=first.due_on + 6 * DAY,
        reference="BACS-AS-0201",
    )
    # The provider spent less than half of what it was paid.
    spent = (first.amount * Decimal("0.45")).quantize(Decimal("0.01"))
    _submitted(report, administrator, report.period_end + 12 * DAY, people=6, spent=spent)
    returns.return_accept(
        monitoring_return=report, by=officer, now=at(report.period_end + 18 * DAY)
    )
    return award


def _results(outcome, slug, anchor):
    from grants.returns import services as returns

    award = _award(
        outcome,
        slug,
        anchor,
        kind=ScheduleKind.RESULTS,
        tariffs=[
            services.TariffInput(
                "Young person completing a course of counselling", Decimal("450.00")
            ),
            services.TariffInput("Young person reporting they cope better", Decimal("150.00")),
        ],
        fixed_share=Decimal("0.4"),
        period_months=1,
        due_days=40,
    )
    officer, _finance, administrator = _people(slug, award.organisation)
    months = list(award.monitoring_returns.order_by("number"))
    ended = [r for r in months if r.period_end < anchor]
    first_quarter, later = ended[:3], ended[3:]
    for index, report in enumerate(first_quarter):
        _submitted(
            report,
            administrator,
            report.period_end + 6 * DAY,
            people=9 + index,
            spent=Decimal("3000.00") * (index + 1),
        )
        returns.return_accept(
            monitoring_return=report, by=officer, now=at(report.period_end + 9 * DAY)
        )
    quarter_end = first_quarter[-1].period_end
    results = award.instalments.filter(kind=InstalmentKind.RESULTS, period_end=quarter_end).first()
    if results is not None:
        _paid(
            results,
            slug,
            released=quarter_end + 12 * DAY,
            paid=quarter_end + 16 * DAY,
            reference="BACS-TV-0110",
        )
    fixed = list(award.instalments.filter(kind=InstalmentKind.FIXED).order_by("number")[:2])
    for number, instalment in enumerate(fixed, start=1):
        _paid(
            instalment,
            slug,
            released=instalment.due_on + 14 * DAY,
            paid=instalment.due_on + 18 * DAY,
            reference=f"BACS-TV-010{number}",
        )
    returned, waiting = later[0], later[1]
    _submitted(
        returned, administrator, returned.period_end + 6 * DAY, people=7, spent=Decimal("10000.00")
    )
    returns.return_send_back(
        monitoring_return=returned,
        by=officer,
        comment="The spend to date is lower than last month's: please check it.",
        now=at(returned.period_end + 10 * DAY),
    )
    _submitted(
        waiting, administrator, waiting.period_end + 6 * DAY, people=11, spent=Decimal("14000.00")
    )
    return award


def _finished(outcome, slug, anchor):
    from grants.returns import services as returns

    ends_on = quarter_start(anchor, 1) - DAY
    award = _award(outcome, slug, anchor, ends_on=ends_on)
    officer, _finance, administrator = _people(slug, award.organisation)
    instalments = list(award.instalments.order_by("number"))
    reports = list(award.monitoring_returns.order_by("number"))
    paid = Decimal("0.00")
    for number, (instalment, report) in enumerate(zip(instalments, reports, strict=False), 1):
        end = report.period_end
        paid += instalment.amount
        _submitted(report, administrator, end + 8 * DAY, people=10, spent=paid)
        returns.return_accept(monitoring_return=report, by=officer, now=at(end + 12 * DAY))
        _paid(
            instalment,
            slug,
            released=instalment.due_on + 14 * DAY,
            paid=instalment.due_on + 18 * DAY,
            reference=f"BACS-TV-020{number}",
        )
    return award
