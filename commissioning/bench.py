"""Rounds at national scale for the benchmark (`manage.py seed_scale`; `make bench`).

`seed(scale=..., rng=...)` gives every body `scale` x 40 rounds (bulk, idempotent: a body's
bench rounds already there are left alone): a mix of states, a third of them listed
publicly, each with service categories and a partner for some. `pages()` names the public
listing, a round's page and an officer's list, as (name, path, persona).
"""

import datetime
from decimal import Decimal

from django.db import transaction
from django.utils import timezone

from commissioning.models import Round, RoundStatus
from core.audit import system_actor
from core.financial_years import FinancialYear
from core.models import PolicingBody, ServiceCategory, User

PER_BODY = 40
BATCH = 2000
BENCH_USER = "bench-rounds@bench.invalid"
STATES = [
    RoundStatus.DRAFT,
    RoundStatus.SCHEDULED,
    RoundStatus.SCHEDULED,
    RoundStatus.CLOSED,
    RoundStatus.ASSESSING,
    RoundStatus.DECIDED,
]


def seed(*, scale=1, rng):
    """Bench rounds for every body; returns how many were added."""
    per_body = max(1, int(PER_BODY * scale))
    by, _ = User.objects.get_or_create(email=BENCH_USER, defaults={"full_name": "Bench"})
    bodies = list(PolicingBody.objects.order_by("pk"))
    categories = list(ServiceCategory.objects.filter(is_national=False))
    done = set(
        Round.objects.filter(created_by=by).values_list("lead_body_id", flat=True).distinct()
    )
    now = timezone.now()
    rounds = []
    for body in bodies:
        if body.pk in done:
            continue
        for number in range(per_body):
            status = STATES[number % len(STATES)]
            listed = status == RoundStatus.SCHEDULED
            opens = now + datetime.timedelta(days=rng.randrange(-20, 20) if listed else -300)
            closes = opens + datetime.timedelta(days=rng.randrange(25, 60) if listed else 30)
            if listed and closes <= now:
                closes = now + datetime.timedelta(days=rng.randrange(1, 30))
            rounds.append(
                Round(
                    lead_body=body,
                    title=f"{body.police_area} round {number + 1}",
                    summary="Services for victims and safer communities.",
                    first_year=FinancialYear(2026),
                    last_year=FinancialYear(2027),
                    minimum_award=Decimal(rng.randrange(1_000, 20_000)),
                    maximum_award=Decimal(rng.randrange(20_000, 200_000)),
                    contact_email="rounds@bench.invalid",
                    opens_at=opens,
                    closes_at=closes,
                    status=status,
                    created_by=by,
                )
            )
    with system_actor("bench_seed"), transaction.atomic():
        made = Round.objects.bulk_create(rounds, batch_size=BATCH)
        through = Round.service_categories.through
        through.objects.bulk_create(
            [
                through(round_id=r.pk, servicecategory_id=c.pk)
                for r in made
                for c in rng.sample(categories, 2)
            ],
            batch_size=BATCH,
        )
        partners = Round.partner_bodies.through
        partners.objects.bulk_create(
            [
                partners(
                    round_id=r.pk,
                    policingbody_id=rng.choice([b for b in bodies if b.pk != r.lead_body_id]).pk,
                )
                for r in made[::5]
            ],
            batch_size=BATCH,
            ignore_conflicts=True,
        )
    return len(made)


def pages():
    """(name, path, persona): the public listing, a round's page, an officer's list."""
    listed = (
        Round.objects.listed_at(timezone.now())
        .filter(lead_body__slug="avon-and-somerset")
        .order_by("pk")
        .first()
    )
    found = [
        ("commissioning: public listing", "/rounds/", "anonymous"),
        ("commissioning: office list", "/commissioning/rounds/", "commissioning_officer"),
    ]
    if listed is not None:
        found.insert(1, ("commissioning: a round's page", f"/rounds/{listed.pk}/", "anonymous"))
    return found
