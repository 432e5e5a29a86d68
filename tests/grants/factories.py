"""Awards for tests (issue 23): `decided_outcome()` is a successful outcome of an approved
decision (its reservation made) for an organisation whose documents are in date;
`draft_award()`, `offered_award()` and `accepted_award()` take it through the services."""

from datetime import datetime, time, timedelta
from decimal import Decimal

from django.utils import timezone

from commissioning.decisions import services as decisions
from core.london_time import LONDON
from core.models import VictimGroup
from core.vocabularies import NeedCategory, PriorityGroup, ReferralSource
from grants import services
from grants.models import ScheduleKind
from grants.returns import services as returns
from grants.returns.services import Figures
from providers.documents import RULES, documents_required
from providers.due_diligence import due_diligence_refresh
from providers.models import MemberRole, Organisation
from tests.commissioning.assessment_factories import submitted_bid
from tests.commissioning.decision_factories import (
    approvable,
    deciding_round,
    decision_maker,
    finance_officer,
    officer,
    successful,
)
from tests.core.factories import UserFactory
from tests.providers.factories import DocumentFactory, MemberFactory, OrganisationFactory

D = Decimal
AMOUNTS = (D("12000.00"), D("8000.00"))
SPENT = D("1000.00")
RESULTS_FIXED = D("2000.00")


def documents_in_date(organisation, *, missing_only=False):
    """Every document the organisation's legal form needs, current and in date (with
    `missing_only`, only the kinds it has no current document of)."""
    today = timezone.localdate()
    current = set(
        organisation.documents.filter(replaced_at__isnull=True).values_list("kind", flat=True)
    )
    for kind in documents_required(organisation.legal_form):
        if missing_only and kind in current:
            continue
        # An expiry-dated document (insurance...) is dated by its expiry: a year ahead.
        dated = today + timedelta(days=365) if RULES[kind].date_is_expiry else today
        DocumentFactory(
            organisation=organisation, kind=kind, document_date=dated, refresh_due_diligence=False
        )
    due_diligence_refresh(
        Organisation.objects.filter(pk=organisation.pk), today=timezone.localdate()
    )
    return organisation


def provider(*, in_date=True):
    organisation = OrganisationFactory()
    if in_date:
        documents_in_date(organisation)
    return organisation


def administrator(organisation):
    return MemberFactory(organisation=organisation, user=UserFactory()).user


def member(organisation, role=MemberRole.VIEWER):
    return MemberFactory(organisation=organisation, user=UserFactory(), role=role).user


def decided_outcome(*amounts, organisation=None, round_=None, budget_amount=None):
    """A successful outcome of a newly approved decision, `amounts` per year (2026-27,
    2027-28) reserved from the round's budgets."""
    amounts = amounts or AMOUNTS
    round_ = round_ or deciding_round(amount=budget_amount)
    bid = submitted_bid(round_, organisation=organisation or provider())
    decision = decisions.decision_approve(
        decision=approvable(round_, [successful(bid, *amounts)]),
        by=decision_maker(round_.lead_body),
    )
    return decision.outcomes.get()


def draft_award(*amounts, **kwargs):
    outcome = decided_outcome(*amounts, **kwargs)
    return services.award_make(outcome=outcome, by=officer(outcome.decision.body))


def offered_award(*amounts, **kwargs):
    award = draft_award(*amounts, **kwargs)
    return services.award_offer(award=award, by=officer(award.body))


def accepted_award(*amounts, **kwargs):
    award = offered_award(*amounts, **kwargs)
    return services.award_accept(
        award=award,
        by=administrator(award.organisation),
        accepted_name="Alex Administrator",
        confirmed=True,
    )


def results_award(fixed=RESULTS_FIXED):
    """An accepted payment-by-results award (£10,000 in 2026-27, £1,000 in 2027-28): `fixed`
    paid quarterly in arrears, the rest the caps of its quarterly results instalments, at
    two tariffs."""
    award = draft_award(D("10000.00"), D("1000.00"))
    services.schedule_set(
        award=award,
        by=officer(award.body),
        kind=ScheduleKind.RESULTS,
        tariffs=[
            services.TariffInput("Person supported to cope and recover", D("150.00")),
            services.TariffInput("Person helped into safe housing", D("400.00")),
        ],
        results_fixed=fixed,
    )
    services.award_offer(award=award, by=officer(award.body))
    return services.award_accept(
        award=award, by=administrator(award.organisation), accepted_name="Al", confirmed=True
    )


def paying(award):
    """A finance officer of the award's body."""
    return finance_officer(award.body)


# --- Monitoring returns (issue 24) -----------------------------------------------------------


def return_figures(monitoring_return, *, achieved=5, spent=SPENT):
    """Every figure of a return filled in: 1 referral from each source, 2 people in each
    group, `achieved` for every outcome measure, `spent` on every budget line."""
    award = monitoring_return.award
    return Figures(
        referrals=dict.fromkeys(ReferralSource.values, 1),
        by_crime_type=dict.fromkeys(VictimGroup.objects.values_list("slug", flat=True), 2),
        by_need=dict.fromkeys(NeedCategory.values, 2),
        by_priority_group=dict.fromkeys(PriorityGroup.values, 2),
        outcomes=dict.fromkeys(award.outcome_measures.values_list("pk", flat=True), achieved),
        spend=dict.fromkeys(award.amounts.values_list("pk", flat=True), spent),
        narrative="The service supported people across the county this quarter.",
        case_studies="A person regained confidence to leave the house.",
    )


def writer(organisation):
    """An editor of the organisation (types and submits its returns)."""
    return member(organisation, role=MemberRole.EDITOR)


def after_period(monitoring_return):
    """Now, or 10am on the day after the return's period ends if that is later: a return is
    submitted (and reviewed) only once its period has ended."""
    opens = datetime.combine(monitoring_return.submittable_from, time(10)).replace(tzinfo=LONDON)
    return max(timezone.now(), opens)


def submitted_return(monitoring_return, *, by=None, **figures):
    by = by or writer(monitoring_return.award.organisation)
    returns.return_save(
        monitoring_return=monitoring_return,
        by=by,
        figures=return_figures(monitoring_return, **figures),
    )
    return returns.return_submit(
        monitoring_return=monitoring_return, by=by, now=after_period(monitoring_return)
    )


def accepted_return(monitoring_return, **figures):
    submitted = submitted_return(monitoring_return, **figures)
    return returns.return_accept(
        monitoring_return=submitted,
        by=officer(monitoring_return.award.body),
        now=after_period(monitoring_return),
    )


def accept_returns_before(instalment):
    """Accept every return of the award whose period ends before the instalment's starts,
    so the release condition on the previous return holds."""
    for monitoring_return in instalment.award.monitoring_returns.filter(
        period_end__lt=instalment.period_start, status__in=["due", "overdue"]
    ).select_related("award__organisation", "award__body"):
        accepted_return(monitoring_return)


# --- Termination and close-out (issue 25) ----------------------------------------------------


def released_and_paid(instalment, *, by=None, reference=None):
    """Release the instalment and record its payment today, as a finance officer."""
    by = by or paying(instalment.award)
    services.instalment_release(instalment=instalment, by=by)
    instalment.refresh_from_db()
    return services.instalment_pay(
        instalment=instalment,
        by=by,
        paid_on=timezone.localdate(),
        amount=instalment.released_amount,
        remittance_reference=reference or f"BACS {instalment.pk}",
        supplier_number="SUP-1",
    )


def paid_with_a_return(*amounts, spent=SPENT, **kwargs):
    """An active award: its first instalment paid and its first return accepted with `spent`
    on every budget line."""
    award = accepted_award(*amounts, **kwargs)
    released_and_paid(award.instalments.order_by("number").first())
    accepted_return(award.monitoring_returns.order_by("number").first(), spent=spent)
    award.refresh_from_db()
    return award


def terminated_award(*amounts, spent=SPENT, reason="The service stopped.", **kwargs):
    """`paid_with_a_return(...)` terminated by a decision maker: a recovery due on its first
    year's line of what was paid less `spent`."""
    from grants.closeout import services as closeout

    award = paid_with_a_return(*amounts, spent=spent, **kwargs)
    return closeout.award_terminate(award=award, by=decision_maker(award.body), reason=reason)


def receipt(recovery, amount, *, reference="REC-1", by=None):
    from grants.closeout import services as closeout

    return closeout.recovery_receipt_record(
        recovery=recovery,
        by=by or paying(recovery.award),
        amount=amount,
        received_on=timezone.localdate(),
        remittance_reference=reference,
    )


def played_through(award, *, achieved=5):
    """Every instalment of an accepted award released and paid, each after the returns of
    its period and before accepted (with `achieved` for every outcome), then the rest of the
    returns accepted: the finance officer and the office playing the whole grant through.
    A results instalment that earns nothing (`achieved=0`) is left planned: a release of
    nothing is refused."""
    returns_by_end = list(award.monitoring_returns.order_by("period_end"))
    for instalment in award.instalments.order_by("number"):
        for monitoring_return in returns_by_end:
            if monitoring_return.period_end <= instalment.period_end:
                monitoring_return.refresh_from_db()
                if monitoring_return.status != "accepted":
                    accepted_return(monitoring_return, achieved=achieved)
        if instalment.kind == "results" and returns.results_working(instalment).amount <= 0:
            continue
        released_and_paid(instalment)
    for monitoring_return in award.monitoring_returns.exclude(status="accepted"):
        accepted_return(monitoring_return, achieved=achieved)
    award.refresh_from_db()
    return award


def closable_award(*amounts, **kwargs):
    """An active award with every instalment paid and every return accepted."""
    return played_through(accepted_award(*amounts, **kwargs))


# --- Variations (issue 25) ---------------------------------------------------------------------


def variation_changes(award, *, amounts=None, **overrides):
    """What an officer types to vary `award`: its terms as they are, with `amounts`
    ({budget: amount}) over its current money and `overrides` over the rest."""
    from grants.variations.services import Changes

    money = {a.budget_id: a.amount for a in award.amounts.all()}
    for budget, amount in (amounts or {}).items():
        money[budget.pk] = amount
    values = {
        "reason": "The service takes more referrals than planned.",
        "starts_on": award.starts_on,
        "ends_on": award.ends_on,
        "schedule_kind": award.schedule_kind,
        "outcome_targets": award.outcome_targets,
        "amounts": money,
        **overrides,
    }
    return Changes(**values)


def award_budgets(award):
    """The award's budgets, in year order."""
    return [a.budget for a in award.amounts.select_related("budget").order_by("year")]


def proposed_variation(award, *, by=None, **changes):
    """A variation of `award` sent for approval."""
    from grants.variations import services as variations

    by = by or officer(award.body)
    variation = variations.variation_propose(
        award=award, by=by, changes=variation_changes(award, **changes)
    )
    return variations.variation_submit(variation=variation, by=by)


def approved_variation(award, **changes):
    """A variation of `award` approved by a decision maker without a limit: its letter sent."""
    from grants.variations import services as variations

    variation = proposed_variation(award, **changes)
    return variations.variation_approve(variation=variation, by=decision_maker(award.body))


def applied_variation(award, **changes):
    """A variation of `award` accepted by the organisation's administrator."""
    from grants.variations import services as variations

    variation = approved_variation(award, **changes)
    return variations.variation_accept(
        variation=variation,
        by=administrator(award.organisation),
        accepted_name="Alex Administrator",
        confirmed=True,
    )
