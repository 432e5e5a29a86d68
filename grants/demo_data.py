"""Demo grants (issues 23 and 24), true to the calendar of the anchor day (the demo's
"today").

The current round's ("Counselling for young victims", for the years after the anchor's), from
the decisions commissioning's demo makes; their grants start after the anchor, so no
instalment of theirs is paid and no return has moved:

- Avon and Somerset's decision is left without its award for the walk-through the issue
  asks for: the officer makes the award from the decision ("Grants", then the decision) and
  sends the offer; the provider's administrator accepts it.
- Each winning provider first brings its due-diligence documents in date, as its
  administrator would: the providers' demo leaves them out of date, and an instalment is
  released only when they are in date.
- Thames Valley's to Bridgeway Victim Care is paid by results (a fixed part quarterly in
  arrears and a price per outcome), offered and accepted.
- The decisions' other successful bids give an offer in every state (`OFFERS`): Avon and
  Somerset's to Bridgeway accepted, to Safe Steps declined and to Clearpath lapsed (offered
  before the anchor day, lapsed by the lapse service with its clock on the anchor day);
  Thames Valley's to Riverside an offer waiting for Hannah, Riverside's administrator, to
  accept or decline, to Safe Steps a draft and to Clearpath accepted.

The earlier round's (commissioning.past_demo, decided before the anchor), built in
grants/demo_past.py with their payments and monitoring returns at their instants. Other
code finds them with these lookups (each an `Award`, or None when the demo did not make it):

- `walk_through_grant()`: Avon and Somerset, active, quarterly in arrears, started at least
  two full quarters before the anchor (when its last closed year allows): return 1
  submitted, returned with a comment, corrected and accepted; instalment 1 paid (and 2 once
  its day came); return 2 due or overdue for the walk-through.
- `results_grant()`: Thames Valley, active, paid by results, monthly returns: the first
  quarter's accepted and its results instalment paid with its working; later returns
  returned with a comment, submitted (waiting for review), overdue and due.
- `finished_grant()`: Thames Valley, its whole period ended before the anchor, every
  instalment paid and every return accepted (for a close-out).
- `recovery_grant()`: Avon and Somerset, active, instalment 1 paid and return 1 accepted
  with spend to date below what was paid (for a termination with recovery).
- `past_award(slug, provider_prefix)`: the earlier round's award in the body to the
  provider whose name starts with `provider_prefix`.

Built through the services, so the ledger holds every step. Idempotent: an outcome that has
its award is left alone.
"""

from datetime import datetime, time, timedelta
from decimal import Decimal

from django.utils import timezone

from commissioning.decisions.models import DecisionOutcome, DecisionStatus
from core.audit import system_actor
from core.london_time import LONDON
from core.models import User
from grants import services
from grants.models import Award, AwardStatus, ScheduleKind
from providers.models import MemberRole, OrganisationMember

ROUND_TITLE = "Counselling for young victims"
ACTIVE_BODY = "thames-valley"
# The provider of the active grant paid by results (the start of its name).
RESULTS_PROVIDER = "Bridgeway"
# (body, the start of the provider's name, the state its award is left in)
OFFERS = [
    ("avon-and-somerset", "Bridgeway", AwardStatus.ACCEPTED),
    ("avon-and-somerset", "Safe Steps", AwardStatus.DECLINED),
    ("avon-and-somerset", "Clearpath", AwardStatus.LAPSED),
    ("thames-valley", "Riverside", AwardStatus.OFFERED),
    ("thames-valley", "Safe Steps", AwardStatus.DRAFT),
    ("thames-valley", "Clearpath", AwardStatus.ACCEPTED),
]


def walk_through_grant():
    from grants import demo_past

    return demo_past.award_for(*demo_past.WALK_THROUGH)


def results_grant():
    from grants import demo_past

    return demo_past.award_for(*demo_past.RESULTS)


def finished_grant():
    from grants import demo_past

    return demo_past.award_for(*demo_past.FINISHED)


def recovery_grant():
    from grants import demo_past

    return demo_past.award_for(*demo_past.RECOVERY)


def past_award(slug, provider_prefix):
    from commissioning.past_demo import ROUND_TITLE as EARLIER_ROUND

    return (
        Award.objects.filter(
            body__slug=slug,
            outcome__decision__round__title=EARLIER_ROUND,
            organisation__name__startswith=provider_prefix,
        )
        .order_by("pk")
        .first()
    )


def _outcome(slug, provider=None):
    """The body's successful outcome in the demo round: the first-ranked bid's (the lowest
    reference), or the one of the provider whose name starts with `provider`."""
    outcomes = DecisionOutcome.objects.filter(
        decision__body__slug=slug,
        decision__round__title=ROUND_TITLE,
        decision__status=DecisionStatus.APPROVED,
        commitment__isnull=False,
    )
    if provider is not None:
        outcomes = outcomes.filter(bid__organisation__name__startswith=provider)
    return (
        outcomes.select_related("decision__body", "bid__organisation")
        .order_by("bid__reference")
        .first()
    )


def load(*, anchor):
    with system_actor("demo_load"):
        _documents_brought_in_date(anchor)
        _results_grant_accepted(ACTIVE_BODY)
        _offers_in_every_state(anchor)
        # The grants of the earlier round, started before the anchor, with their history.
        from grants import demo_past

        demo_past.load(anchor=anchor)
        # Monitoring returns (issue 24) on the grants above.
        from grants.returns import demo as returns_demo

        returns_demo.load(anchor=anchor)
        # Termination with recovery and close-out (issue 25) on the earlier round's grants
        # made for them (either may be missing for an anchor early in the year).
        from grants.closeout import demo as closeout_demo

        if (finished := finished_grant()) is not None:
            closeout_demo.close(finished, anchor=anchor)
        if (recovery := recovery_grant()) is not None:
            closeout_demo.terminate_with_recovery(recovery, anchor=anchor)
        _variations(anchor)


def _variations(anchor):
    """Variations (issue 25): Avon and Somerset's accepted grant to Bridgeway varied up and
    accepted; Thames Valley's accepted grant to Clearpath with its letter waiting."""
    from grants.variations import demo as variations_demo

    for slug, provider, step in (
        ("avon-and-somerset", "Bridgeway", variations_demo.vary),
        ("thames-valley", "Clearpath", variations_demo.leave_letter_waiting),
    ):
        outcome = _outcome(slug, provider)
        award = Award.objects.filter(outcome=outcome).first() if outcome else None
        if award is not None and award.is_in_force:
            step(award, anchor=anchor)


def _documents_brought_in_date(anchor):
    """The winning provider's administrator uploads what its due diligence lacked (the
    providers' demo leaves it out of date), so that its instalments can be released; an
    organisation whose documents are in date is left alone."""
    for slug in ("avon-and-somerset", ACTIVE_BODY):
        outcome = _outcome(slug)
        if outcome is None or Award.objects.filter(outcome=outcome).exists():
            continue
        _bring_in_date(outcome.bid.organisation, anchor)


def _bring_in_date(organisation, anchor):
    """Its administrator uploads every required document that is missing or out of date."""
    from django.core.files.uploadedfile import SimpleUploadedFile

    from core.pdf import render_pdf
    from providers.selectors import documents_needing_action
    from providers.services.documents import document_upload

    administrator = _administrator(organisation)
    if administrator is not None:
        for row in documents_needing_action(organisation=organisation, today=anchor):
            if row.status == "expiring" or not row.required:
                continue
            label = row.kind.label
            pdf = render_pdf("pdf/providers_demo_document.html", {"kind": label})
            dated = anchor + timedelta(days=365) if row.rules.date_is_expiry else anchor
            document_upload(
                organisation=organisation,
                kind=row.kind,
                uploaded_file=SimpleUploadedFile(
                    f"{label} - {organisation.name}.pdf", pdf, content_type="application/pdf"
                ),
                document_date=dated,
                uploaded_by=administrator.user,
                today=anchor,
            )


def _administrator(organisation):
    return (
        OrganisationMember.objects.filter(organisation=organisation, role=MemberRole.ADMINISTRATOR)
        .select_related("user")
        .order_by("pk")
        .first()
    )


def _results_grant_accepted(slug):
    outcome = _outcome(slug, RESULTS_PROVIDER)
    if outcome is None or Award.objects.filter(outcome=outcome).exists():
        return
    officer = User.objects.get(email=f"officer@{slug}.demo.example")
    administrator = _administrator(outcome.bid.organisation)
    if administrator is None:
        return
    award = services.award_make(outcome=outcome, by=officer)
    total = sum((a.amount for a in award.amounts.all()), Decimal("0.00"))
    award.outcome_targets = "120 young people complete counselling; 80% report they cope better."
    services.award_edit(
        award=award,
        by=officer,
        terms=services.Terms(
            title=award.title,
            purpose=award.purpose,
            conditions=award.conditions,
            outcome_targets=award.outcome_targets,
            crime_and_disorder=award.crime_and_disorder,
            starts_on=award.starts_on,
            ends_on=award.ends_on,
            amounts={a.budget_id: a.amount for a in award.amounts.all()},
        ),
    )
    services.schedule_set(
        award=award,
        by=officer,
        kind=ScheduleKind.RESULTS,
        tariffs=[
            services.TariffInput(
                "Young person completing a course of counselling", Decimal("450.00")
            ),
            services.TariffInput("Young person reporting they cope better", Decimal("150.00")),
        ],
        results_fixed=(total * Decimal("0.4")).quantize(Decimal("0.01")),
    )
    services.award_offer(award=award, by=officer, acceptance_days=28)
    services.award_accept(
        award=award,
        by=administrator.user,
        accepted_name=administrator.user.full_name or administrator.user.email,
        confirmed=True,
    )


def _offers_in_every_state(anchor):
    """An award in every state from the decisions' other successful outcomes (`OFFERS`),
    each through the services; an outcome that has its award is left alone."""
    made = []
    for slug, provider, state in OFFERS:
        outcome = _outcome(slug, provider)
        if outcome is None or Award.objects.filter(outcome=outcome).exists():
            continue
        administrator = _administrator(outcome.bid.organisation)
        if administrator is None:
            continue
        officer, finance = (
            User.objects.get(email=f"{role}@{slug}.demo.example") for role in ("officer", "finance")
        )
        made.append(_offer(outcome, state, officer, finance, administrator.user, anchor))
    if any(award.status == AwardStatus.OFFERED for award in made):
        # Beat's lapse, its clock on the anchor day: the offer made before it lapses.
        services.offers_lapse(now=_at(anchor, 0, hour=1))


def _at(anchor, days, hour=10):
    """`hour` on the day `days` after the anchor, but never later than now: the demo loads
    early in the day too, and nothing it records may lie in the future."""
    day = anchor + timedelta(days=days)
    return min(datetime.combine(day, time(hour)).replace(tzinfo=LONDON), timezone.now())


def _offer(outcome, state, officer, finance, administrator, anchor):
    """The outcome's award, taken through the services to `state`."""
    if state == AwardStatus.LAPSED:
        # Offered 35 days before the anchor day, with 28 days to accept: lapsed by then.
        offered = _at(anchor, -35)
        award = services.award_make(outcome=outcome, by=officer, now=offered)
        services.award_offer(award=award, by=officer, acceptance_days=28, now=offered)
        return award
    award = services.award_make(outcome=outcome, by=officer)
    if state == AwardStatus.DRAFT:
        return award
    services.award_offer(award=award, by=officer)
    if state == AwardStatus.OFFERED:
        return award
    if state == AwardStatus.DECLINED:
        return services.award_decline(
            award=award,
            by=administrator,
            reason="Our counselling team could not take on a second contract this year.",
        )
    services.award_accept(
        award=award,
        by=administrator,
        accepted_name=administrator.full_name or administrator.email,
        confirmed=True,
    )
    return award
