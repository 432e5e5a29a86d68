"""Recoveries, scoped to who is asking: the awarding body's office, or the organisation's
members. Another body's or organisation's recovery is not found (views answer 404)."""

from django.shortcuts import get_object_or_404

from grants.closeout.models import Recovery, RecoveryStatus
from grants.models import InstalmentStatus


def recoveries_outstanding(*, body):
    """The body's recoveries not yet settled, oldest first, with their award, organisation
    and budget.

    Queries: one, however many recoveries (the index grants_recovery_open)."""
    return (
        Recovery.objects.filter(award__body=body, status=RecoveryStatus.OUTSTANDING)
        .select_related("award__organisation", "budget")
        .order_by("created_at", "pk")
    )


def recovery_get_for_office(*, body, pk) -> Recovery:
    return get_object_or_404(
        Recovery.objects.select_related("award__organisation", "award__body", "budget"),
        award__body=body,
        pk=pk,
    )


def recovery_get_for_member(*, user, pk) -> Recovery:
    """A recovery of a grant to any organisation the person belongs to."""
    return get_object_or_404(
        Recovery.objects.select_related("award__organisation", "award__body", "budget"),
        award__organisation__members__user=user,
        pk=pk,
    )


def termination_of(award):
    """The award's termination (who, when, why), or None."""
    return award.transitions.filter(to_status="terminated").select_related("by").first()


def closing_of(award):
    return award.transitions.filter(to_status="closed").select_related("by").first()


def cancelled_at_close(award) -> list:
    """A closed grant's instalments cancelled at its close (results that earned nothing).
    A termination cancels every planned instalment before, so a terminated grant has none."""
    if not award.is_closed or award.transitions.filter(to_status="terminated").exists():
        return []
    return list(award.instalments.filter(status=InstalmentStatus.CANCELLED).order_by("number"))
