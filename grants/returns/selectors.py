"""The returns' reads, scoped to who is asking: an organisation's members see its returns, an
office its body's. Another organisation's or body's return is not found (views answer 404).
Each list is one query, however many rows (tests/grants/test_returns_queries.py)."""

from dataclasses import dataclass

from django.db.models import Count, Q
from django.shortcuts import get_object_or_404

from grants.returns.models import (
    OPEN_STATUSES,
    MonitoringReturn,
    OutcomeMeasure,
    ReturnOutcome,
    ReturnStatus,
)
from providers.models import OrganisationMember

# The office's review list: what it may choose to see.
REVIEW_VIEWS = ("submitted", "overdue", "all")


def returns_to_do_for_member(*, user, today):
    """The returns of every organisation the person belongs to that wait for the provider
    (due, overdue, returned for changes) or for the office (submitted), soonest due first.
    Only returns whose period ended before `today` (London): a later period's return is not
    yet to do. Queries: one."""
    return (
        MonitoringReturn.objects.filter(
            award__organisation__members__user=user,
            status__in=[*OPEN_STATUSES, ReturnStatus.SUBMITTED],
            period_end__lt=today,
        )
        .select_related("award__organisation", "award__body")
        .order_by("due_on", "award_id", "number")
    )


def return_get_for_member(*, user, pk) -> tuple[MonitoringReturn, OrganisationMember]:
    """The return and the person's membership of its organisation, else 404."""
    monitoring_return = get_object_or_404(
        MonitoringReturn.objects.select_related("award__organisation", "award__body"),
        award__organisation__members__user=user,
        pk=pk,
    )
    membership = OrganisationMember.objects.get(
        user=user, organisation=monitoring_return.award.organisation
    )
    return monitoring_return, membership


def award_get_for_member(*, user, pk):
    """An award (not a draft) of any organisation the person belongs to, else 404."""
    from grants.models import Award, AwardStatus

    return get_object_or_404(
        Award.objects.select_related("organisation", "body").exclude(status=AwardStatus.DRAFT),
        organisation__members__user=user,
        pk=pk,
    )


def returns_for_office(*, body, view="submitted", provider=""):
    """The body's returns waiting for review (oldest submission first), overdue (most
    overdue first) or all, optionally for providers whose name contains `provider`.
    Queries: one."""
    queryset = MonitoringReturn.objects.filter(award__body=body).select_related(
        "award__organisation"
    )
    if view == "submitted":
        queryset = queryset.filter(status=ReturnStatus.SUBMITTED).order_by("submitted_at", "pk")
    elif view == "overdue":
        queryset = queryset.filter(status=ReturnStatus.OVERDUE).order_by("due_on", "pk")
    else:
        queryset = queryset.order_by("-due_on", "award_id", "number")
    if provider:
        queryset = queryset.filter(award__organisation__name__icontains=provider)
    return queryset


def return_get_for_office(*, body, pk) -> MonitoringReturn:
    return get_object_or_404(
        MonitoringReturn.objects.select_related(
            "award__organisation", "award__body", "submitted_by", "accepted_by"
        ),
        award__body=body,
        pk=pk,
    )


def return_figures(monitoring_return):
    """What the return's pages show: outcomes per measure and spend per budget line.
    Queries: two."""
    outcomes = list(
        monitoring_return.outcomes.select_related("measure").order_by(
            "measure__ordering", "measure_id"
        )
    )
    spend = list(monitoring_return.spend.select_related("line__budget").order_by("line__year"))
    return outcomes, spend


@dataclass
class MeasureRow:
    measure: OutcomeMeasure
    # Per return, in the returns' order: achieved (None: not reported or not yet accepted).
    cells: list
    total: int

    @property
    def share_of_target(self):
        if not self.measure.target:
            return None
        return round(100 * self.total / self.measure.target)


def award_returns_table(award):
    """Each outcome measure against its target, per return. Counted: accepted and submitted
    returns (a submitted figure is marked as not yet accepted on the page). Queries: three."""
    returns = list(award.monitoring_returns.order_by("number"))
    measures = list(award.outcome_measures.order_by("ordering", "pk"))
    counted = [r.pk for r in returns if r.status in (ReturnStatus.ACCEPTED, ReturnStatus.SUBMITTED)]
    achieved = {
        (o.monitoring_return_id, o.measure_id): o.achieved
        for o in ReturnOutcome.objects.filter(monitoring_return_id__in=counted)
    }
    rows = []
    for measure in measures:
        cells = [achieved.get((r.pk, measure.pk)) for r in returns]
        rows.append(
            MeasureRow(measure=measure, cells=cells, total=sum(c for c in cells if c is not None))
        )
    return returns, rows


def review_counts(*, body) -> dict[str, int]:
    """How many returns wait for review and how many are overdue. Queries: one."""
    return MonitoringReturn.objects.filter(award__body=body).aggregate(
        submitted=Count("pk", filter=Q(status=ReturnStatus.SUBMITTED)),
        overdue=Count("pk", filter=Q(status=ReturnStatus.OVERDUE)),
    )


def review_counts_up_to(*, body, limit: int) -> dict[str, int]:
    """`review_counts`, each counted up to `limit + 1` (more than `limit`: say "More than"),
    for the home panel. Queries: one, each count stopping after `limit + 1` rows (counting
    every one of 57,000 returns cost about 25 ms at `make bench`'s 200,000)."""
    from core.paging import counts

    of_body = MonitoringReturn.objects.filter(award__body=body).order_by().values("pk")
    return counts(
        {
            "submitted": of_body.filter(status=ReturnStatus.SUBMITTED)[: limit + 1],
            "overdue": of_body.filter(status=ReturnStatus.OVERDUE)[: limit + 1],
        }
    )
