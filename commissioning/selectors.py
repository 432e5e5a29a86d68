"""Reads of rounds, scoped to the person: the office's (lead or partner body) and the public's."""

from django.db.models import Count, Exists, OuterRef, Q
from django.http import Http404
from django.utils import timezone

from commissioning.models import PUBLISHED_STATUSES, Clarification, Round


def round_list_for_office(*, body):
    """Rounds the body leads or is a partner in, with what the list shows, in a few queries."""
    return (
        Round.objects.filter(Q(lead_body=body) | Q(partner_bodies=body))
        .distinct()
        .select_related("lead_body")
        .annotate(
            unanswered=Count(
                "clarifications", filter=Q(clarifications__answered_at__isnull=True), distinct=True
            )
        )
        .order_by("-created_at", "-pk")
    )


def round_get_for_office(*, body, pk) -> Round:
    """The round if the body leads it or is a partner in it, else 404."""
    # A partner as EXISTS, not a join: the join needed DISTINCT, which sorted the round's
    # every column with its files' (about 2 ms of planning and sorting on every round page).
    partner = Round.partner_bodies.through.objects.filter(round=OuterRef("pk"), policingbody=body)
    round_ = (
        Round.objects.filter(Q(lead_body=body) | Exists(partner), pk=pk)
        .select_related("lead_body", "specification", "terms", "budget_template")
        .first()
    )
    if round_ is None:
        raise Http404
    return round_


def public_round_list(*, now=None):
    """Scheduled and open rounds across all bodies, by the clock (closing time not passed)."""
    now = now or timezone.now()
    return (
        Round.objects.listed_at(now)
        .select_related("lead_body")
        .prefetch_related("service_categories", "partner_bodies")
        .order_by("closes_at", "pk")
    )


def public_round_get(*, pk) -> Round:
    round_ = (
        Round.objects.filter(pk=pk, status__in=PUBLISHED_STATUSES)
        .select_related("lead_body", "specification", "terms", "budget_template")
        .prefetch_related(
            "partner_bodies", "service_categories", "victim_groups", "areas_served", "lots"
        )
        .first()
    )
    if round_ is None:
        raise Http404
    return round_


def published_clarifications(round_):
    return Clarification.objects.filter(round=round_, answered_at__isnull=False).order_by(
        "answered_at", "pk"
    )
