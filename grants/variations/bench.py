"""Variations in bulk, for the query-count tests (and a bench that wants them):
`variations_bulk` gives each award one variation awaiting approval, its first budget's
money up by £1, never through the services (its lines are inserted while it is a draft:
a trigger refuses them once it is sent)."""

from django.db.models import Max

from grants.models import AwardAmount
from grants.variations.models import Variation, VariationLine, VariationStatus

BATCH = 2_000


def variations_bulk(*, awards, by, status=VariationStatus.AWAITING_APPROVAL) -> list[Variation]:
    numbers = dict(
        Variation.objects.filter(award__in=awards)
        .values("award")
        .annotate(last=Max("number"))
        .values_list("award", "last")
    )
    made = Variation.objects.bulk_create(
        [
            Variation(
                award=award,
                number=numbers.get(award.pk, 0) + 1,
                reason="Bench variation.",
                starts_on=award.starts_on,
                ends_on=award.ends_on,
                schedule_kind=award.schedule_kind,
                outcome_targets=award.outcome_targets,
                was_starts_on=award.starts_on,
                was_ends_on=award.ends_on,
                was_schedule_kind=award.schedule_kind,
                was_outcome_targets=award.outcome_targets,
                proposed_by=by,
            )
            for award in awards
        ],
        batch_size=BATCH,
    )
    first = {}
    for amount in AwardAmount.objects.filter(award__in=awards).order_by("award", "year", "pk"):
        first.setdefault(amount.award_id, amount)
    VariationLine.objects.bulk_create(
        [
            VariationLine(
                variation=variation,
                budget_id=first[variation.award_id].budget_id,
                year=first[variation.award_id].year,
                was_amount=first[variation.award_id].amount,
                amount=first[variation.award_id].amount + 1,
            )
            for variation in made
            if variation.award_id in first
        ],
        batch_size=BATCH,
    )
    if status != VariationStatus.DRAFT:
        Variation.objects.filter(pk__in=[v.pk for v in made]).update(status=status)
    return made
