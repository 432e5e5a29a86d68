"""The returns' reads, scoped to who is asking: an organisation's members see its returns, an
office its body's. Another organisation's or body's return is not found (views answer 404).
Each list is one query, however many rows (tests/grants/test_returns_queries.py)."""

from dataclasses import dataclass

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
    Queries: one. Only the columns the list shows are read."""
    queryset = (
        MonitoringReturn.objects.filter(award__body=body)
        .select_related("award__organisation")
        .only(
            "number",
            "period_start",
            "period_end",
            "due_on",
            "status",
            "award__title",
            "award__organisation__name",
        )
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


# The office's counts of returns stop here: past it the list and the home panel say "More
# than 1,000" (counting every one of 57,000 returns cost about 25 ms at `make bench`'s 200,000).
REVIEW_COUNT_LIMIT = 1000


def review_count_querysets(*, body, limit: int) -> dict:
    """The returns waiting for review and overdue, each at most `limit + 1` of them (more
    than `limit`: say "More than"), to count with `core.paging.counts` in one query, on the
    `(status, ...)` indexes: each count stops after `limit + 1` rows."""
    from core.paging import up_to

    of_body = MonitoringReturn.objects.filter(award__body=body)
    return {
        "submitted": up_to(of_body.filter(status=ReturnStatus.SUBMITTED), limit),
        "overdue": up_to(of_body.filter(status=ReturnStatus.OVERDUE), limit),
    }


def review_numbers(counted: dict, *, limit: int) -> dict:
    """What a page says of the counts from `review_count_querysets`: each up to `limit`, and
    whether it was more (`submitted_capped`, `overdue_capped`: "More than 1,000")."""
    return {
        "limit": limit,
        **{key: min(counted[key], limit) for key in ("submitted", "overdue")},
        **{f"{key}_capped": counted[key] > limit for key in ("submitted", "overdue")},
    }


def review_counts_up_to(*, body, limit: int) -> dict[str, int]:
    """`review_count_querysets`, counted, for the home panel. Queries: one."""
    from core.paging import counts

    return counts(review_count_querysets(body=body, limit=limit))
