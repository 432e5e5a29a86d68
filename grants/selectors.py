"""The grants' reads, scoped to who is asking: an office sees its body's awards, an
organisation its own. A selector given another body's or organisation's award finds
nothing (views answer 404)."""

import datetime
from decimal import Decimal

from django.db.models import Count, DecimalField, OuterRef, Q, Subquery, Sum, Value
from django.db.models.functions import Coalesce
from django.shortcuts import get_object_or_404

from funding.ledger.models import CommitmentLine
from grants.models import (
    ENDED_STATUSES,
    IN_FORCE_STATUSES,
    Award,
    AwardAmount,
    AwardStatus,
    Instalment,
    InstalmentKind,
    InstalmentStatus,
)
from grants.variations.models import VariationLine, VariationStatus
from providers.due_diligence import DueDiligence

ZERO = Value(Decimal("0.00"), output_field=DecimalField(max_digits=14, decimal_places=2))
# The stored due-diligence statuses that let a release through (documents in date).
IN_DATE = (DueDiligence.COMPLETE, DueDiligence.EXPIRING)
# The instalments due are counted up to this many; past it the list and the home panel say
# "More than 1,000" (counting all of 30,000 joined with their awards cost about 40 ms at
# `make bench`'s 20,000 awards; up to 1,001 in the list's order, about 1 ms).
DUE_COUNT_LIMIT = 1000
# The grant list is counted up to this many, likewise (all 20,000 awards of the bench's body
# cost about 1.5 ms on their index; up to 1,001, a tenth of that).
LIST_COUNT_LIMIT = 1000


def award_list_for_office(*, body):
    """The body's awards, newest first, with their organisation's name and total.

    Queries: one, however many awards. The total is a subquery per row of the page, not an
    aggregate over the join: grouping every award of the body before the page is cut cost
    about 100 ms at 20,000 awards (`make bench`)."""
    totals = (
        AwardAmount.objects.filter(award=OuterRef("pk"))
        .order_by()
        .values("award")
        .annotate(sum=Sum("amount"))
        .values("sum")
    )
    return (
        Award.objects.filter(body=body)
        .select_related("organisation")
        # Only what the list shows (a page of fifty rows: every column read costs).
        .only("title", "status", "created_at", "organisation__name")
        .annotate(total=Coalesce(Subquery(totals), ZERO))
        .order_by("-created_at", "-pk")
    )


def award_get_for_office(*, body, pk) -> Award:
    return get_object_or_404(
        Award.objects.select_related(
            "organisation", "body", "outcome__decision", "outcome__bid", "commitment"
        ),
        body=body,
        pk=pk,
    )


def award_list_for_organisation(*, organisation):
    """An organisation's grants, offered or after (never a draft), with what was paid and
    what is still to come.

    Queries: one."""
    return (
        Award.objects.filter(organisation=organisation)
        .exclude(status=AwardStatus.DRAFT)
        .select_related("body")
        .annotate(
            total=Coalesce(Sum("amounts__amount", distinct=True), ZERO),
            paid=Coalesce(
                Sum("instalments__paid_amount", filter=Q(instalments__status="paid")), ZERO
            ),
            planned_count=Count("instalments", filter=Q(instalments__status="planned")),
        )
        .order_by("-offered_at", "-pk")
    )


def award_get_for_organisation(*, organisation, pk) -> Award:
    return get_object_or_404(
        Award.objects.select_related("organisation", "body", "outcome__decision").exclude(
            status=AwardStatus.DRAFT
        ),
        organisation=organisation,
        pk=pk,
    )


def month_end(day: datetime.date) -> datetime.date:
    following = (day.replace(day=28) + datetime.timedelta(days=4)).replace(day=1)
    return following - datetime.timedelta(days=1)


DUE_LIST_FIELDS = (
    "award_id",
    "number",
    "kind",
    "due_on",
    "amount",
    "status",
    "period_start",
    "period_end",
    "award__title",
    "award__status",
    "award__organisation__name",
    "award__organisation__due_diligence",
)


def _due(*, body, today: datetime.date):
    return Instalment.objects.filter(
        award__body=body,
        due_on__lte=month_end(today),
        status__in=[InstalmentStatus.PLANNED, InstalmentStatus.RELEASED],
    ).exclude(award__status__in=[AwardStatus.DRAFT, AwardStatus.DECLINED, AwardStatus.LAPSED])


def instalments_due(*, body, today: datetime.date):
    """The body's instalments due by the end of this month and not yet paid (overdue ones
    too), with what the page needs to say whether each may be released and why not.

    Queries: one. The list reads the organisation's stored due-diligence status; the
    release itself checks the documents again (grants.services.due_diligence_blocker).
    Only the columns in `DUE_LIST_FIELDS` are read."""
    return (
        _due(body=body, today=today)
        .select_related("award__organisation")
        # Only what the list and its blockers read: a page is a hundred rows of three
        # models, and every column read costs.
        .only(*DUE_LIST_FIELDS)
        .annotate(**previous_return_annotations())
        .order_by("due_on", "award_id", "number")
    )


def instalments_due_to_count(*, body, today: datetime.date):
    """The ids of the instalments due (as `instalments_due`), at most `DUE_COUNT_LIMIT + 1`
    of them: counted, more than the limit says "More than 1,000"."""
    # Without the list's joins and annotations: the count needs none of them.
    return _due(body=body, today=today).order_by().values("pk")[: DUE_COUNT_LIMIT + 1]


def previous_return_annotations():
    """What the release conditions on returns read, as subqueries of the same query: the
    earliest return of a period before the instalment's not yet accepted (from the second
    instalment on, every one must be), and for a results instalment whether its period has
    returns and whether any of them waits."""
    from django.db.models import Exists, OuterRef, Subquery

    from grants.returns.models import MonitoringReturn, ReturnStatus

    of_award = MonitoringReturn.objects.filter(award=OuterRef("award"))
    previous = (
        of_award.filter(period_end__lt=OuterRef("period_start"))
        .exclude(status=ReturnStatus.ACCEPTED)
        .order_by("period_end")
    )
    in_period = of_award.filter(
        period_end__gte=OuterRef("period_start"), period_end__lte=OuterRef("period_end")
    )
    return {
        "previous_return_number": Subquery(previous.values("number")[:1]),
        "previous_return_status": Subquery(previous.values("status")[:1]),
        "period_has_returns": Exists(in_period),
        "period_return_waiting": Exists(in_period.exclude(status=ReturnStatus.ACCEPTED)),
    }


def list_blockers(instalment) -> list[str]:
    """Why the list shows an instalment as blocked, from what the row already holds."""
    from django.utils.translation import gettext as _

    blockers = []
    award = instalment.award
    if instalment.status != InstalmentStatus.PLANNED:
        return blockers
    if award.status not in IN_FORCE_STATUSES:
        blockers.append(_("The offer has not been accepted."))
    if award.organisation.due_diligence not in IN_DATE:
        blockers.append(
            _("Due-diligence documents: %(status)s.")
            % {"status": DueDiligence(award.organisation.due_diligence).label.lower()}
        )
    if instalment.number >= 2 and getattr(instalment, "previous_return_status", None):
        blockers.append(
            _("Monitoring return %(number)s is not accepted yet.")
            % {"number": instalment.previous_return_number}
        )
    if instalment.kind == InstalmentKind.RESULTS:
        if not getattr(instalment, "period_has_returns", True):
            blockers.append(_("No monitoring return reports the outcomes of this period."))
        elif getattr(instalment, "period_return_waiting", False):
            blockers.append(_("A monitoring return of this period is not accepted yet."))
    return blockers


def award_history(award):
    """The award's moves and every change to its instalments, oldest first."""
    transitions = list(award.transitions.select_related("by"))
    events = list(
        Instalment.pgh_event_model.objects.filter(award_id=award.pk)
        .select_related("pgh_context")
        .order_by("pgh_created_at", "pgh_id")
    )
    return transitions, events


def award_reconciliation(award) -> dict:
    """Per budget, (reserved, committed, released, paid) as the ledger holds them and as the
    award's status and instalments say they should be: equal to the penny when all is well.

    A terminated or closed award holds what was released less what was recovered (all of it
    paid): the rest was decommitted at the termination, with each receipt, or at the close."""
    award = Award.objects.get(pk=award.pk)
    ledger = {
        line.budget_id: (line.reserved, line.committed, line.released, line.paid)
        for line in CommitmentLine.objects.filter(commitment_id=award.commitment_id)
    }
    awarded = dict(award.amounts.values_list("budget_id", "amount"))
    decided = dict(award.outcome.amounts.values_list("budget_id", "amount"))
    zero = Decimal("0.00")
    released, paid = {}, {}
    for instalment in award.instalments.exclude(
        status__in=[InstalmentStatus.PLANNED, InstalmentStatus.CANCELLED]
    ):
        released[instalment.budget_id] = released.get(instalment.budget_id, zero) + (
            instalment.released_amount
        )
        if instalment.status == InstalmentStatus.PAID:
            paid[instalment.budget_id] = (
                paid.get(instalment.budget_id, zero) + instalment.paid_amount
            )
    received = {}
    for budget_id, amount in award.recoveries.values_list("budget_id", "received"):
        received[budget_id] = received.get(budget_id, zero) + amount
    # An approved variation waiting for the provider holds its increase reserved.
    varying = {
        line.budget_id: line.amount - line.was_amount
        for line in VariationLine.objects.filter(
            variation__award=award, variation__status=VariationStatus.APPROVED
        )
        if line.amount > line.was_amount
    }
    grants = {}
    for budget_id in ledger:
        back = received.get(budget_id, zero)
        if award.status in ENDED_STATUSES:
            spent = released.get(budget_id, zero) - back
            grants[budget_id] = (zero, spent, spent, paid.get(budget_id, zero) - back)
            continue
        if award.status in (AwardStatus.DRAFT, AwardStatus.OFFERED):
            reserved, committed = decided.get(budget_id, zero), zero
        elif award.status in IN_FORCE_STATUSES:
            reserved, committed = varying.get(budget_id, zero), awarded.get(budget_id, zero)
        else:
            reserved, committed = zero, zero
        grants[budget_id] = (
            reserved,
            committed,
            released.get(budget_id, zero),
            paid.get(budget_id, zero),
        )
    return {"ledger": ledger, "grants": grants}
