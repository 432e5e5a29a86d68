"""Demo grants (issue 23), from the decisions commissioning's demo makes.

- Avon and Somerset's decision on "Counselling for young victims" is left without its
  award, for the walk-through the issue asks for: the officer makes the award from the
  decision ("Grants", then the decision) and sends the offer; the provider's administrator
  accepts it; the finance officer releases and pays the first instalment on "Instalments
  due"; the budget's page shows the commitment and the payment.
- Each winning provider first brings its due-diligence
  documents in date, as its administrator would: the providers' demo leaves them out of
  date, and an instalment is released only when they are in date.
- Thames Valley's to Bridgeway Victim Care is an active grant paid by results: a fixed
  part paid quarterly in arrears and a price per person supported. Offered, accepted by the
  provider's administrator, its first instalment released and paid; the rest are due.
- The decisions' other successful bids give an offer in every state (`OFFERS`): Avon and
  Somerset's to Bridgeway an active grant paid quarterly (its first instalment paid, the
  second released, after its first monitoring return was accepted, and waiting for its
  payment), to Safe Steps an offer declined and to
  Clearpath an offer lapsed (offered before the anchor day, lapsed by the lapse service with
  its clock on the anchor day); Thames Valley's to Riverside an offer waiting for Hannah,
  Riverside's administrator, to accept or decline, to Safe Steps a draft and to Clearpath
  an accepted offer not yet paid.

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
from grants.errors import ReleaseBlocked
from grants.models import Award, AwardStatus, InstalmentKind, ScheduleKind
from providers.models import MemberRole, OrganisationMember

ROUND_TITLE = "Counselling for young victims"
ACTIVE_BODY = "thames-valley"
# The provider of the active grant paid by results (the start of its name).
RESULTS_PROVIDER = "Bridgeway"
# (body, the start of the provider's name, the state its award is left in)
OFFERS = [
    ("avon-and-somerset", "Bridgeway", AwardStatus.ACTIVE),
    ("avon-and-somerset", "Safe Steps", AwardStatus.DECLINED),
    ("avon-and-somerset", "Clearpath", AwardStatus.LAPSED),
    ("thames-valley", "Riverside", AwardStatus.OFFERED),
    ("thames-valley", "Safe Steps", AwardStatus.DRAFT),
    ("thames-valley", "Clearpath", AwardStatus.ACCEPTED),
]


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
        _active_results_grant(ACTIVE_BODY)
        _offers_in_every_state(anchor)
        # Monitoring returns (issue 24) on the grants above.
        from grants.returns import demo as returns_demo

        returns_demo.load(anchor=anchor)
        _variations(anchor)


def _variations(anchor):
    """Variations (issue 25): Avon and Somerset's active grant to Bridgeway varied up and
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


def _active_results_grant(slug):
    outcome = _outcome(slug, RESULTS_PROVIDER)
    if outcome is None or Award.objects.filter(outcome=outcome).exists():
        return
    officer, finance = (
        User.objects.get(email=f"{role}@{slug}.demo.example") for role in ("officer", "finance")
    )
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
    first = award.instalments.filter(kind=InstalmentKind.FIXED).order_by("number").first()
    try:
        services.instalment_release(instalment=first, by=finance)
    except ReleaseBlocked:
        return  # the provider's documents are out of date: the page says so
    first.refresh_from_db()
    services.instalment_pay(
        instalment=first,
        by=finance,
        paid_on=min(first.due_on, timezone.localdate()),
        amount=first.released_amount,
        remittance_reference="BACS 2026-0417",
        supplier_number="TV-SUP-0931",
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
    day = anchor + timedelta(days=days)
    return datetime.combine(day, time(hour)).replace(tzinfo=LONDON)


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
    if state == AwardStatus.ACTIVE:
        services.schedule_set(award=award, by=officer, kind=ScheduleKind.QUARTERLY_IN_ARREARS)
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
    if state == AwardStatus.ACTIVE:
        _bring_in_date(award.organisation, anchor)
        _first_paid_second_released(award, finance, officer, administrator)
    return award


def _first_paid_second_released(award, finance, officer, administrator):
    """The first instalment released and paid, the second released (its period's return
    before it submitted and accepted) and waiting for its payment; the rest are due."""
    from grants.returns import demo as returns_demo
    from grants.returns import services as returns_services
    from grants.returns.models import MonitoringReturn, ReturnStatus

    first, second = award.instalments.order_by("number")[:2]
    try:
        services.instalment_release(instalment=first, by=finance)
    except ReleaseBlocked:
        return  # the provider's documents are out of date: the page says so
    first.refresh_from_db()
    services.instalment_pay(
        instalment=first,
        by=finance,
        paid_on=min(first.due_on, timezone.localdate()),
        amount=first.released_amount,
        remittance_reference="BACS 2026-0388",
        supplier_number="AS-SUP-2210",
    )
    # From the second instalment on, the return of the period before must be accepted.
    previous = (
        MonitoringReturn.objects.filter(award=award, period_end__lt=second.period_start)
        .order_by("-period_end")
        .first()
    )
    if previous is not None and previous.status != ReturnStatus.ACCEPTED:
        returns_demo.submit_return(previous, administrator, people=14, spent=first.amount)
        returns_services.return_accept(monitoring_return=previous, by=officer)
    services.instalment_release(instalment=second, by=finance)
