"""Reads of assessment, scoped to the person.

- An assessor sees the bids assigned to them (never one of an organisation they belong to),
  and a bid's content only after declaring no conflict; other assessors' scores only after
  completing their own.
- The lead body's and partner bodies' offices read the round's overview, its declarations,
  moderation and ranking.
Each list runs a fixed number of queries whatever its length (tests/commissioning/
test_assessment_queries.py).
"""

from dataclasses import dataclass, field
from decimal import Decimal

from django.db.models import Count, IntegerField, OuterRef, Prefetch, Subquery, Sum, Value
from django.db.models.functions import Coalesce
from django.http import Http404

from commissioning.assessment import rules, scoring
from commissioning.assessment.models import (
    ACTIVE_STATUSES,
    Assignment,
    AssignmentStatus,
    Declaration,
    DeclarationRole,
    Moderation,
    Recommendation,
    Score,
)
from commissioning.assessment.scoring import Candidate, CriterionRule
from commissioning.bids.models import BID_SUBMITTED_STATUSES, Bid
from commissioning.questions.models import Criterion
from funding.ledger.selectors import remaining_by_year
from providers.selectors import membership_list_for


def criterion_rules(round_) -> list[CriterionRule]:
    return [
        CriterionRule(
            id=c.pk, weight=c.weight, must_pass=c.must_pass, minimum_score=c.minimum_score
        )
        for c in Criterion.objects.filter(round=round_).order_by("position")
    ]


def _own_organisation_ids(user) -> list[int]:
    return [m.organisation_id for m in membership_list_for(user=user)]


def assignment_list_for_assessor(*, user):
    """The person's live assignments (not removed, no conflict), soonest due first. Bids of
    an organisation they belong to are left out, whenever they joined it. Two queries."""
    return (
        Assignment.objects.filter(
            assessor=user, status__in=ACTIVE_STATUSES, bid__status__in=BID_SUBMITTED_STATUSES
        )
        .exclude(bid__organisation_id__in=_own_organisation_ids(user))
        .select_related("bid", "bid__organisation", "bid__lot", "round", "round__lead_body")
        .order_by("due_on", "pk")
    )


def assignment_get_for_assessor(*, user, pk) -> Assignment:
    """One of the person's live assignments, else 404."""
    assignment = assignment_list_for_assessor(user=user).filter(pk=pk).first()
    if assignment is None:
        raise Http404
    return assignment


@dataclass
class AssessorColumn:
    assignment: Assignment
    scores: dict  # criterion id -> Score


@dataclass
class CriterionRow:
    criterion: Criterion
    scores: list  # one per column: Score or None
    given: list[int]
    mean: Decimal | None
    wide: bool
    failed: bool


@dataclass
class BidResult:
    """A bid's completed scores side by side, with the arithmetic."""

    bid: Bid
    columns: list[AssessorColumn]
    rows: list[CriterionRow]
    weighted: Decimal
    completed: int
    needed: int
    moderation: Moderation | None = None
    failures: list = field(default_factory=list)

    @property
    def weighted_display(self):
        return scoring.for_display(self.weighted)

    @property
    def complete(self) -> bool:
        return self.completed >= self.needed

    @property
    def wide(self) -> bool:
        return any(row.wide for row in self.rows)


def _result(bid, criteria, assignments, moderation=None) -> BidResult:
    completed = [a for a in assignments if a.status == AssignmentStatus.COMPLETED]
    columns = [
        AssessorColumn(assignment=a, scores={s.criterion_id: s for s in a.scores.all()})
        for a in completed
    ]
    given = {
        c.pk: [col.scores[c.pk].score for col in columns if c.pk in col.scores] for c in criteria
    }
    given = {k: [v for v in values if v is not None] for k, values in given.items()}
    rules_ = [
        CriterionRule(
            id=c.pk, weight=c.weight, must_pass=c.must_pass, minimum_score=c.minimum_score
        )
        for c in criteria
    ]
    failed = scoring.must_pass_failures(rules_, given)
    wide = scoring.wide_spread(given)
    rows = [
        CriterionRow(
            criterion=c,
            scores=[col.scores.get(c.pk) for col in columns],
            given=given[c.pk],
            mean=scoring.mean_score(given[c.pk]),
            wide=c.pk in wide,
            failed=c.pk in failed,
        )
        for c in criteria
    ]
    return BidResult(
        bid=bid,
        columns=columns,
        rows=rows,
        weighted=scoring.weighted_score(rules_, given),
        completed=len(completed),
        needed=bid.round.assessments_per_bid,
        moderation=moderation,
        failures=[c for c in criteria if c.pk in failed],
    )


def _scores_prefetch():
    return Prefetch("scores", queryset=Score.objects.order_by("criterion__position"))


def bid_result(bid) -> BidResult:
    """The bid's completed assessments side by side. Four queries."""
    criteria = list(Criterion.objects.filter(round_id=bid.round_id).order_by("position"))
    assignments = list(
        Assignment.objects.filter(bid=bid, status=AssignmentStatus.COMPLETED)
        .select_related("assessor")
        .prefetch_related(_scores_prefetch())
        .order_by("completed_at", "pk")
    )
    moderation = Moderation.objects.filter(bid=bid).select_related("moderator").first()
    return _result(bid, criteria, assignments, moderation)


def others_visible(assignment) -> bool:
    """Other assessors' scores show once the person has completed their own."""
    return assignment.status == AssignmentStatus.COMPLETED


def round_bids(round_, *, lot=None):
    """The round's submitted bids (never drafts), with their lot and organisation; none while
    the round is sealed."""
    if rules.is_sealed(round_):
        return Bid.objects.none()
    bids = Bid.objects.filter(round=round_, status__in=BID_SUBMITTED_STATUSES)
    if lot is not None:
        bids = bids.filter(lot=lot)
    return bids.select_related("organisation", "lot").order_by("reference", "pk")


def round_overview(round_):
    """Each submitted bid with its live assignments and counts (`completed`, `conflicts`),
    for the office. Three queries.

    Only the columns the overview shows are read, and the counts come from the live
    assignments already read (a removed assignment is neither completed nor conflicted)
    rather than from a join grouped by bid: 62 bids with 250 assignments and their
    assessors were about 400 full rows."""
    bids = list(
        round_bids(round_)
        .select_related("moderation")
        .only(
            "round_id",
            "reference",
            "organisation__name",
            "lot__name",
            "moderation__recommendation",
            "moderation__final_score",
        )
        .prefetch_related(
            Prefetch(
                "assignments",
                queryset=Assignment.objects.exclude(status=AssignmentStatus.REMOVED)
                .select_related("assessor")
                .only("bid_id", "status", "due_on", "assessor__full_name", "assessor__email")
                .order_by("pk"),
                to_attr="live_assignments",
            )
        )
    )
    for bid in bids:
        statuses = [assignment.status for assignment in bid.live_assignments]
        bid.completed = statuses.count(AssignmentStatus.COMPLETED)
        bid.conflicts = statuses.count(AssignmentStatus.CONFLICTED)
    return bids


def round_declarations(round_):
    """Every declaration on the round's bids, for the office. One query."""
    return (
        Declaration.objects.filter(round=round_)
        .select_related("person", "bid", "bid__organisation")
        .order_by("declared_at", "pk")
    )


def people_barred_from_deciding(bid) -> set[int]:
    """The ids of everyone who assessed or moderated the bid, or declared a conflict on it:
    none of them may approve a decision on it (for the decision's service)."""
    assessed = Assignment.objects.filter(bid=bid).exclude(status=AssignmentStatus.REMOVED)
    ids = set(assessed.values_list("assessor_id", flat=True))
    ids.update(
        Declaration.objects.filter(bid=bid, conflict=True).values_list("person_id", flat=True)
    )
    ids.update(Moderation.objects.filter(bid=bid).values_list("moderator_id", flat=True))
    return ids


def bids_barred_for(person, bid_ids) -> set[int]:
    """Which of these bids the person assessed, moderated or declared a conflict on: the
    same rule as `people_barred_from_deciding`, for many bids in three queries."""
    assessed = Assignment.objects.filter(bid_id__in=bid_ids, assessor=person).exclude(
        status=AssignmentStatus.REMOVED
    )
    ids = set(assessed.values_list("bid_id", flat=True))
    ids.update(
        Declaration.objects.filter(bid_id__in=bid_ids, person=person, conflict=True).values_list(
            "bid_id", flat=True
        )
    )
    ids.update(
        Moderation.objects.filter(bid_id__in=bid_ids, moderator=person).values_list(
            "bid_id", flat=True
        )
    )
    return ids


def bid_get_for_moderation(*, round_, pk) -> Bid:
    bid = round_bids(round_).select_related("round", "round__lead_body").filter(pk=pk).first()
    if bid is None:
        raise Http404
    return bid


def moderator_declaration(bid, user):
    return Declaration.objects.filter(bid=bid, person=user, role=DeclarationRole.MODERATOR).first()


def round_money(round_, *, lot=None) -> dict:
    """The money remaining for each year of the round's funding period, from the ledger. A
    lot's money is its own amount each year, capped by what the round's budgets have left."""
    remaining = remaining_by_year(budget_ids=round_.budgets.values_list("pk", flat=True))
    years = _years(round_)
    money = {year: remaining.get(year, Decimal(0)) for year in years}
    if lot is not None:
        money = {year: min(amount, lot.amount) for year, amount in money.items()}
    return money


def _years(round_):
    from core.financial_years import FinancialYear

    return [
        FinancialYear(start)
        for start in range(round_.first_year.start_year, round_.last_year.start_year + 1)
    ]


@dataclass
class RankedResult:
    """What the ranked list needs of a bid's result (`BidResult` has the scores side by
    side, for the moderation page)."""

    weighted: Decimal
    completed: int
    needed: int
    moderation: Moderation | None = None
    failures: list = field(default_factory=list)

    @property
    def complete(self) -> bool:
        return self.completed >= self.needed


@dataclass
class RankedBid:
    bid: Bid
    result: RankedResult
    score: Decimal
    requested: dict


def ranking(round_, *, lot=None) -> scoring.MoneyLine:
    """The round's (or lot's) bids ranked against the money, each with its result. The score
    is the moderator's final score where settled, else the weighted score. A fixed number of
    queries, whatever the number of bids.

    The arithmetic reads each bid's sum and count of scores per criterion, and its number of
    completed assessments, as SQL aggregates (`scoring.weighted_score_of_sums`: the same
    fractions as from the scores one by one): 62 bids' scores were about 900 rows."""
    criteria = list(Criterion.objects.filter(round=round_).order_by("position"))
    rules_ = [
        CriterionRule(
            id=c.pk, weight=c.weight, must_pass=c.must_pass, minimum_score=c.minimum_score
        )
        for c in criteria
    ]
    bids = list(
        round_bids(round_, lot=lot)
        .select_related("moderation")
        .only(
            "round_id",
            "reference",
            "organisation__name",
            "lot__name",
            "moderation__recommendation",
            "moderation__final_score",
        )
        .annotate(
            completed=Coalesce(
                Subquery(
                    Assignment.objects.filter(bid=OuterRef("pk"), status=AssignmentStatus.COMPLETED)
                    .order_by()
                    .values("bid")
                    .annotate(n=Count("pk"))
                    .values("n"),
                    output_field=IntegerField(),
                ),
                Value(0),
            )
        )
        .prefetch_related("amounts")
    )
    completed = Assignment.objects.filter(
        bid__in=[bid.pk for bid in bids], status=AssignmentStatus.COMPLETED
    )
    sums: dict[int, dict[int, tuple[int, int]]] = {}
    for bid_id, criterion_id, total, count in (
        Score.objects.filter(assignment__in=completed, score__isnull=False)
        .order_by()
        .values("assignment__bid", "criterion")
        .annotate(total=Sum("score"), count=Count("score"))
        .values_list("assignment__bid", "criterion", "total", "count")
    ):
        sums.setdefault(bid_id, {})[criterion_id] = (total, count)
    candidates = []
    for bid in bids:
        moderation = getattr(bid, "moderation", None) if _has_moderation(bid) else None
        of_bid = sums.get(bid.pk, {})
        failed = scoring.must_pass_failures_of_sums(rules_, of_bid)
        result = RankedResult(
            weighted=scoring.weighted_score_of_sums(rules_, of_bid),
            completed=bid.completed,
            needed=round_.assessments_per_bid,
            moderation=moderation,
            failures=[c for c in criteria if c.pk in failed],
        )
        score = moderation.final_score if moderation else result.weighted
        fundable = not result.failures and not (
            moderation and moderation.recommendation == Recommendation.DO_NOT_FUND
        )
        requested = {amount.year: amount.amount for amount in bid.amounts.all()}
        candidates.append(
            Candidate(
                key=RankedBid(bid=bid, result=result, score=score, requested=requested),
                score=score,
                requested=requested,
                fundable=fundable,
            )
        )
    return scoring.money_line(candidates, round_money(round_, lot=lot))


def is_settled(bid) -> bool:
    """Whether the moderator has settled the bid's result."""
    return Moderation.objects.filter(bid=bid).exists()


def _has_moderation(bid) -> bool:
    try:
        return bid.moderation is not None
    except Moderation.DoesNotExist:
        return False
