"""Grants' part of `make bench` (core/benchmark.py), and `awards_bulk`, which makes many
awards at once for the benchmark and for the query-count tests.

`seed(*, scale, rng)` adds awards to the bench body's decided bench bids: by default 20,000
awards with 80,000 instalments (four a year's quarter each, one year), in bulk, never
through the services (the ledger's rows are left alone: the pages measured read the awards
and instalments), then tops up their monitoring returns to 200,000 (monthly, in every
state, `grants.returns.bench`). `pages()` is the office's grant list, the instalments due
this month, the office's returns waiting for review and a grant's page.
"""

import datetime
from decimal import Decimal

from django.db import transaction
from django.urls import reverse
from django.utils import timezone

from commissioning.decisions.models import (
    Decision,
    DecisionAmount,
    DecisionOutcome,
    DecisionStatus,
    Outcome,
)
from core.audit import system_actor
from core.benchmark import BENCH_BODY
from core.financial_years import FinancialYear
from core.money import money_split
from funding.ledger.models import Commitment
from grants.models import (
    Award,
    AwardAmount,
    AwardStatus,
    Instalment,
    InstalmentStatus,
)
from grants.schedules import periods

AWARDS = 20_000
RETURNS = 200_000
BENCH_USER = "bench-grants@bench.invalid"
BATCH = 2_000
# The mix of the bench's awards: most in force, some offered, a few drafts and lapses.
STATUSES = (
    AwardStatus.ACTIVE,
    AwardStatus.ACTIVE,
    AwardStatus.ACCEPTED,
    AwardStatus.OFFERED,
    AwardStatus.DRAFT,
    AwardStatus.LAPSED,
)


def awards_bulk(*, round_, bids, budget, by, purpose, amount=Decimal("8000.00"), statuses=STATUSES):
    """An approved decision giving each of `bids` (of `round_`, with their organisations)
    `amount` from `budget`, and an award for each, its status taken in turn from
    `statuses`, paid quarterly in arrears from `budget`'s year. Returns the awards.

    Bulk inserts only: the decision's outcomes and the awards' amounts go in while the
    decision and awards are drafts (their triggers refuse them after), then the statuses
    move with one update each."""
    now = timezone.now()
    today = timezone.localdate()
    body = round_.lead_body
    decision = Decision.objects.create(
        round=round_,
        body=body,
        reasons="Bench awards.",
        purpose="Support for victims.",
        created_by=by,
    )
    commitments = Commitment.objects.bulk_create(
        [
            Commitment(
                body=body,
                payee=bid.organisation.name[:200],
                purpose=purpose,
                created_by=by,
                cause_key=f"bid:{bid.pk}",
            )
            for bid in bids
        ],
        batch_size=BATCH,
    )
    outcomes = DecisionOutcome.objects.bulk_create(
        [
            DecisionOutcome(decision=decision, bid=bid, outcome=Outcome.SUCCESSFUL, commitment=c)
            for bid, c in zip(bids, commitments, strict=True)
        ],
        batch_size=BATCH,
    )
    DecisionAmount.objects.bulk_create(
        [
            DecisionAmount(decision=decision, outcome=o, budget=budget, amount=amount)
            for o in outcomes
        ],
        batch_size=BATCH,
    )
    Decision.objects.filter(pk=decision.pk).update(
        status=DecisionStatus.APPROVED,
        number=f"B{decision.pk}",
        approved_by=by,
        approved_at=now,
        cfo_comment="Bench.",
        cfo_comment_by=by,
        cfo_comment_at=now,
    )
    year = budget.year
    awards = Award.objects.bulk_create(
        [
            Award(
                outcome=outcome,
                body=body,
                organisation_id=bid.organisation_id,
                commitment=commitment,
                title=f"{round_.title}: {bid.organisation.name}"[:200],
                purpose="Support for victims.",
                starts_on=year.start,
                ends_on=year.end,
                created_by=by,
            )
            for outcome, bid, commitment in zip(outcomes, bids, commitments, strict=True)
        ],
        batch_size=BATCH,
    )
    AwardAmount.objects.bulk_create(
        [AwardAmount(award=a, budget=budget, year=year, amount=amount) for a in awards],
        batch_size=BATCH,
    )
    quarters = periods(year, months=3)
    parts = money_split(amount, [1] * len(quarters))
    instalments = []
    for number, award in enumerate(awards):
        status = statuses[number % len(statuses)]
        award.status = status
        for index, ((start, end), part) in enumerate(zip(quarters, parts, strict=True)):
            paid = status == AwardStatus.ACTIVE and index == 0
            instalments.append(
                Instalment(
                    award=award,
                    budget=budget,
                    year=year,
                    number=index + 1,
                    period_start=start,
                    period_end=end,
                    due_on=end,
                    amount=part,
                    status=InstalmentStatus.PAID if paid else InstalmentStatus.PLANNED,
                    released_amount=part if paid else None,
                    released_by=by if paid else None,
                    released_at=now if paid else None,
                    paid_amount=part if paid else None,
                    paid_on=min(end, today) if paid else None,
                    paid_by=by if paid else None,
                    paid_recorded_at=now if paid else None,
                    remittance_reference="BENCH" if paid else "",
                    supplier_number="BENCH" if paid else "",
                )
            )
    Instalment.objects.bulk_create(instalments, batch_size=BATCH)
    lapses_on = today + datetime.timedelta(days=28)
    for status in set(statuses) - {AwardStatus.DRAFT}:
        changes = {
            "status": status,
            "offered_at": now,
            "offered_by": by,
            "lapses_on": lapses_on if status == AwardStatus.OFFERED else today,
        }
        if status in (AwardStatus.ACCEPTED, AwardStatus.ACTIVE):
            changes.update(accepted_at=now, accepted_by=by, accepted_name="Bench")
        Award.objects.filter(pk__in=[a.pk for a in awards if a.status == status]).update(**changes)
    return awards


def seed(*, scale=1, rng):
    """Top up the bench body's awards to `AWARDS * scale` (four instalments each), on
    rounds of its own: one bid per organisation and round, so each round takes as many
    awards as there are organisations. Returns how many were added."""
    from commissioning.bids.models import Bid, BidStatus
    from commissioning.models import Round, RoundStatus
    from core.models import PolicingBody, ServiceCategory, User
    from funding.ledger.models import Budget
    from providers.models import Organisation

    body = PolicingBody.objects.get(slug=BENCH_BODY)
    by, _ = User.objects.get_or_create(email=BENCH_USER, defaults={"full_name": "Bench grants"})
    wanted = int(AWARDS * scale) - Award.objects.filter(body=body, created_by=by).count()
    budget = Budget.objects.filter(body=body, year=FinancialYear.current()).order_by("pk").first()
    organisations = list(Organisation.objects.order_by("pk").only("pk", "name"))
    purpose = ServiceCategory.objects.filter(is_national=False).order_by("pk").first()
    if budget is None or not organisations or purpose is None:
        return 0
    if wanted <= 0:
        returns_seed(scale=scale, body=body, by=by)
        return 0
    now = timezone.now()
    added = 0
    with system_actor("seed_scale"), transaction.atomic():
        while added < wanted:
            round_ = Round.objects.create(
                lead_body=body,
                title=f"Bench grants round {rng.randrange(10**9)}",
                summary="Grants for the benchmark.",
                first_year=budget.year,
                last_year=budget.year,
                minimum_award=Decimal("1000.00"),
                maximum_award=Decimal("50000.00"),
                contact_email="grants@bench.invalid",
                opens_at=now - datetime.timedelta(days=200),
                closes_at=now - datetime.timedelta(days=170),
                status=RoundStatus.DECIDED,
                created_by=by,
            )
            group = organisations[: min(len(organisations), wanted - added)]
            bids = Bid.objects.bulk_create(
                [
                    Bid(
                        round=round_,
                        organisation=organisation,
                        started_by=by,
                        status=BidStatus.SUCCESSFUL,
                        reference=f"BG-{round_.pk}-{n:05d}",
                        submitted_at=round_.closes_at,
                    )
                    for n, organisation in enumerate(group)
                ],
                batch_size=BATCH,
            )
            for bid, organisation in zip(bids, group, strict=True):
                bid.organisation = organisation
            awards_bulk(round_=round_, bids=bids, budget=budget, by=by, purpose=purpose)
            added += len(bids)
    returns_seed(scale=scale, body=body, by=by)
    return added


def returns_seed(*, scale=1, body, by) -> int:
    """Top up the bench awards' monitoring returns to `RETURNS * scale`, spread evenly over
    them (monthly periods, every status). Returns how many were added."""
    from grants.returns.bench import returns_bulk
    from grants.returns.models import MonitoringReturn

    wanted = (
        int(RETURNS * scale)
        - MonitoringReturn.objects.filter(award__body=body, award__created_by=by).count()
    )
    awards = list(Award.objects.filter(body=body, created_by=by).only("pk", "starts_on"))
    if wanted <= 0 or not awards:
        return 0
    per_award, extra = divmod(wanted, len(awards))
    with system_actor("seed_scale"), transaction.atomic():
        added = returns_bulk(awards=awards, per_award=per_award, by=by) if per_award else 0
        if extra:
            added += returns_bulk(awards=awards[:extra], per_award=1, by=by)
    return added


def pages():
    """(name, path, persona): the office's grant list (first page of 20,000, and filtered
    by status), the instalments due this month, the returns waiting for review and overdue,
    and the page of an active grant of the bench body (its terms, instalments and history)."""
    found = [
        ("grants: grant list", reverse("grants:list"), "commissioning_officer"),
        (
            "grants: grant list filtered",
            reverse("grants:list") + "?status=offered",
            "commissioning_officer",
        ),
        ("grants: instalments due", reverse("grants:instalments-due"), "finance_officer"),
        ("grants: returns waiting for review", reverse("grants:returns"), "commissioning_officer"),
        (
            "grants: returns overdue",
            reverse("grants:returns") + "?view=overdue",
            "commissioning_officer",
        ),
    ]
    active = (
        Award.objects.filter(body__slug=BENCH_BODY, status=AwardStatus.ACTIVE)
        .order_by("pk")
        .first()
    )
    if active is not None:
        found.append(
            (
                "grants: a grant's page",
                reverse("grants:award", args=[active.pk]),
                "commissioning_officer",
            )
        )
    return found
