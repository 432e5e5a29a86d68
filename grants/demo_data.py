"""Demo grants (issue 23), from the decisions commissioning's demo makes.

- Avon and Somerset's decision on "Counselling for young victims" is left without its
  award, for the walk-through the issue asks for: the officer makes the award from the
  decision ("Grants", then the decision) and sends the offer; the provider's administrator
  accepts it; the finance officer releases and pays the first instalment on "Instalments
  due"; the budget's page shows the commitment and the payment.
- The winning provider (Riverside Women's Aid in both) first brings its due-diligence
  documents in date, as its administrator would: the providers' demo leaves them out of
  date, and an instalment is released only when they are in date.
- Thames Valley's is an active grant paid by results: a fixed part paid quarterly in
  arrears and a price per person supported. Offered, accepted by the provider's
  administrator, its first instalment released and paid; the rest are due.

Built through the services, so the ledger holds every step. Idempotent: an outcome that has
its award is left alone.
"""

from datetime import timedelta
from decimal import Decimal

from django.utils import timezone

from commissioning.decisions.models import DecisionOutcome, DecisionStatus
from core.audit import system_actor
from core.models import User
from grants import services
from grants.errors import ReleaseBlocked
from grants.models import Award, InstalmentKind, ScheduleKind
from providers.models import MemberRole, OrganisationMember

ROUND_TITLE = "Counselling for young victims"
ACTIVE_BODY = "thames-valley"


def _outcome(slug):
    return (
        DecisionOutcome.objects.filter(
            decision__body__slug=slug,
            decision__round__title=ROUND_TITLE,
            decision__status=DecisionStatus.APPROVED,
            commitment__isnull=False,
        )
        .select_related("decision__body", "bid__organisation")
        .first()
    )


def load(*, anchor):
    with system_actor("demo_load"):
        _documents_brought_in_date(anchor)
        _active_results_grant(ACTIVE_BODY)
        # Monitoring returns (issue 24) on the grants above.
        from grants.returns import demo as returns_demo

        returns_demo.load(anchor=anchor)


def _documents_brought_in_date(anchor):
    """The winning provider's administrator uploads what its due diligence lacked (the
    providers' demo leaves it out of date), so that its instalments can be released; an
    organisation whose documents are in date is left alone."""
    from django.core.files.uploadedfile import SimpleUploadedFile

    from core.pdf import render_pdf
    from providers.selectors import documents_needing_action
    from providers.services.documents import document_upload

    for slug in ("avon-and-somerset", ACTIVE_BODY):
        outcome = _outcome(slug)
        if outcome is None or Award.objects.filter(outcome=outcome).exists():
            continue
        organisation = outcome.bid.organisation
        administrator = _administrator(organisation)
        if administrator is None:
            continue
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
    outcome = _outcome(slug)
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
