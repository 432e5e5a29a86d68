"""Reads of decisions, scoped to the person: the office's (the deciding body's staff) and the
public's (published decisions only, never their exempt part: the public templates are given
`public_record`, which leaves it out)."""

from decimal import Decimal

from django.db.models import Count, OuterRef, Prefetch, Q, Subquery, Sum
from django.db.models.functions import Coalesce
from django.http import Http404

from commissioning.bids.models import BidStatus
from commissioning.decisions.models import (
    Decision,
    DecisionAmount,
    DecisionOutcome,
    DecisionStatus,
    Outcome,
)
from commissioning.rules import office_body_ids
from core.models import PolicingBody
from funding.ledger.models import Budget


def _total():
    """A decision's money, as a subquery: summed over a join with the outcomes it would be
    counted once per outcome."""
    return Subquery(
        DecisionAmount.objects.filter(decision=OuterRef("pk"))
        .order_by()
        .values("decision")
        .annotate(total=Sum("amount"))
        .values("total")[:1]
    )


def _bid_count():
    """A decision's outcomes, counted as a subquery: a join would group and sort every outcome
    of every decision listed (thousands for a large round) to count them."""
    return Coalesce(
        Subquery(
            DecisionOutcome.objects.filter(decision=OuterRef("pk"))
            .order_by()
            .values("decision")
            .annotate(count=Count("pk"))
            .values("count")[:1]
        ),
        0,
    )


def _with_totals(queryset):
    return queryset.select_related("round").annotate(total=_total(), bid_count=_bid_count())


def decision_list_for_office(*, body):
    """The body's decisions, newest first, with their totals, in one query."""
    return _with_totals(Decision.objects.filter(body=body)).order_by("-created_at", "-pk")


def round_decisions(round_):
    return _with_totals(Decision.objects.filter(round=round_)).order_by("-created_at", "-pk")


def decision_get_for_office(*, user, pk) -> Decision:
    """The decision if the person works in the deciding body's office, else 404."""
    decision = (
        Decision.objects.filter(pk=pk, body_id__in=office_body_ids(user))
        .select_related(
            "round",
            "body",
            "supersedes",
            "cfo_comment_by",
            "approved_by",
            "published_by",
            "created_by",
        )
        .first()
    )
    if decision is None:
        raise Http404
    return decision


def decision_outcomes(decision):
    """Its outcomes with their bids, moderation and money per budget, in three queries."""
    return list(
        DecisionOutcome.objects.filter(decision=decision)
        .select_related("bid__organisation", "bid__moderation")
        .prefetch_related(
            Prefetch("amounts", queryset=DecisionAmount.objects.select_related("budget"))
        )
        .order_by("bid__reference")
    )


def outcome_total(outcome) -> Decimal:
    return sum((a.amount for a in outcome.amounts.all()), Decimal("0.00"))


def decidable_bids(round_, decision=None, *, supersedes=None):
    """The bids a draft may cover: live and undecided, or already in this decision (a
    correction covers the bids of the decision it corrects)."""
    if supersedes is None and decision is not None and decision.supersedes_id:
        supersedes = decision.supersedes
    if supersedes is not None:
        query = Q(decision_outcomes__decision_id=supersedes.pk)
    else:
        query = Q(status__in=[BidStatus.SUBMITTED, BidStatus.UNDER_ASSESSMENT])
        if decision is not None:
            query |= Q(decision_outcomes__decision=decision)
    return (
        round_.bids.filter(query)
        .distinct()
        .select_related("organisation", "round")
        .prefetch_related("amounts")
        .order_by("reference")
    )


def budgets_for(round_):
    """The body's budgets of the round's years: the round's own first, in the order it names
    them, then the body's others by name."""
    own = list(round_.budgets.order_by("year", "pk"))
    others = Budget.objects.filter(
        body=round_.lead_body,
        year__gte=round_.first_year,
        year__lte=round_.last_year,
    ).exclude(pk__in=[b.pk for b in own])
    return own + list(others.order_by("year", "name"))


# --- The public's -------------------------------------------------------------------------------


def public_body(slug) -> PolicingBody:
    body = PolicingBody.objects.filter(slug=slug).first()
    if body is None:
        raise Http404
    return body


def public_decision_list(*, body):
    return (
        Decision.objects.published()
        .filter(body=body)
        .select_related("round")
        .annotate(
            total=_total(),
            successful_count=Count(
                "outcomes", filter=Q(outcomes__outcome=Outcome.SUCCESSFUL), distinct=True
            ),
        )
        .order_by("-published_at", "-pk")
    )


def public_decision_get(*, body, pk) -> Decision:
    decision = (
        Decision.objects.published()
        .filter(body=body, pk=pk)
        .select_related("round", "body", "supersedes")
        .first()
    )
    if decision is None:
        raise Http404
    return decision


def public_successful_outcomes(decision):
    """Only the successful outcomes: an unsuccessful applicant is never named in public."""
    return list(
        DecisionOutcome.objects.filter(decision=decision, outcome=Outcome.SUCCESSFUL)
        .select_related("bid__organisation")
        .prefetch_related(
            Prefetch("amounts", queryset=DecisionAmount.objects.select_related("budget"))
        )
        .order_by("bid__organisation__name")
    )


def public_unsuccessful_count(decision) -> int:
    return DecisionOutcome.objects.filter(decision=decision, outcome=Outcome.UNSUCCESSFUL).count()


def is_superseded(decision) -> bool:
    return decision.status == DecisionStatus.SUPERSEDED


def can_be_corrected(decision) -> bool:
    """Approved, in force, and no correction drafted yet."""
    return (
        decision.status == DecisionStatus.APPROVED
        and not Decision.objects.filter(supersedes=decision).exists()
    )
