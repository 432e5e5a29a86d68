"""The variations' reads, scoped to who is asking: an office sees its body's, an
organisation those sent to it (approved, then accepted or declined). Another body's or
organisation's variation is not found (views answer 404)."""

from decimal import Decimal

from django.db.models import DecimalField, OuterRef, Subquery, Sum, Value
from django.db.models.functions import Coalesce
from django.shortcuts import get_object_or_404

from grants.variations.models import Variation, VariationLine, VariationStatus

ZERO = Value(Decimal("0.00"), output_field=DecimalField(max_digits=14, decimal_places=2))
# What the provider is shown: the letters sent to it and what became of them.
SENT_TO_PROVIDER = (
    VariationStatus.APPROVED,
    VariationStatus.APPLIED,
    VariationStatus.DECLINED,
)


def with_totals(queryset):
    """Each variation's total before and after, as subqueries of the same query."""

    def total(field):
        return Coalesce(
            Subquery(
                VariationLine.objects.filter(variation=OuterRef("pk"))
                .order_by()
                .values("variation")
                .annotate(sum=Sum(field))
                .values("sum")
            ),
            ZERO,
        )

    return queryset.annotate(total=total("amount"), was_total=total("was_amount"))


def variations_awaiting_approval(*, body):
    """The body's variations waiting for a decision maker, oldest first, with their award,
    organisation, proposer and totals. Queries: one, however many."""
    return with_totals(
        Variation.objects.filter(award__body=body, status=VariationStatus.AWAITING_APPROVAL)
        .select_related("award__organisation", "proposed_by")
        .order_by("updated_at", "pk")
    )


def variations_of_award(award):
    """An award's variations, newest first, with their totals. One query."""
    return with_totals(award.variations.select_related("proposed_by", "decided_by")).order_by(
        "-number"
    )


def variation_get_for_office(*, body, pk) -> Variation:
    return get_object_or_404(
        Variation.objects.select_related(
            "award__organisation", "award__body", "award__outcome__bid", "proposed_by", "letter"
        ),
        award__body=body,
        pk=pk,
    )


def variation_get_for_member(*, user, pk) -> Variation:
    """A variation sent to an organisation the person belongs to."""
    return get_object_or_404(
        Variation.objects.select_related("award__organisation", "award__body", "letter"),
        award__organisation__members__user=user,
        status__in=SENT_TO_PROVIDER,
        pk=pk,
    )


def letters_to_answer(*, user):
    """Variation letters waiting for an answer from the person's organisations."""
    return (
        Variation.objects.filter(
            award__organisation__members__user=user, status=VariationStatus.APPROVED
        )
        .select_related("award__organisation", "award__body")
        .order_by("decided_at", "pk")
    )


def history(variation):
    return list(variation.transitions.select_related("by"))
