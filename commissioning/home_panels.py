"""Home-page panel for commissioning officers: their rounds by state and what needs them."""

from django.db.models import Count, OuterRef, Q
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from commissioning.models import Bid, BidStatus, Round, RoundStatus
from commissioning.rules import EDITORS, OFFICE
from core.access import user_memberships
from core.home import HomePanel, register_home_panel
from core.paging import count_subquery


@register_home_panel(order=60)
def rounds_panel(request):
    """Rounds the body leads, counted by state, and those waiting for the office: questions
    to answer, and rounds closed by the clock that need assessment to start. Four queries."""
    bodies = [m.body for m in user_memberships(request.user) if m.role in EDITORS]
    if not bodies:
        return None
    body = bodies[0]
    now = timezone.now()
    counts = dict(
        Round.objects.filter(lead_body=body)
        .values_list("status")
        .annotate(n=Count("pk"))
        .values_list("status", "n")
    )
    by_state = [(status.label, counts.get(status.value, 0)) for status in RoundStatus]
    questions = list(
        Round.objects.filter(lead_body=body)
        .annotate(
            unanswered=Count("clarifications", filter=Q(clarifications__answered_at__isnull=True))
        )
        .filter(unanswered__gt=0)
        .order_by("closes_at")[:10]
    )
    to_assess = list(
        Round.objects.filter(
            lead_body=body,
            status__in=[RoundStatus.SCHEDULED, RoundStatus.OPEN, RoundStatus.CLOSED],
            closes_at__lte=now,
        ).order_by("closes_at")[:10]
    )
    return HomePanel(
        _("Funding rounds"),
        "commissioning/panels/rounds.html",
        {"by_state": by_state, "questions": questions, "to_assess": to_assess},
    )


# Bids in progress listed on a provider's home page; "Your bids" lists them all.
HOME_BIDS_SHOWN = 10


@register_home_panel(order=6)
def bids_in_progress(request):
    """A provider's draft bids with their deadlines, soonest first. Queries: the person's
    memberships (fetched once per request), then one for the drafts."""
    from providers.access import is_provider_person
    from providers.selectors import membership_list_for

    user = request.user
    if not is_provider_person(user):
        return None
    organisations = [m.organisation_id for m in membership_list_for(user=user)]
    if not organisations:
        return None
    drafts = list(
        Bid.objects.filter(organisation_id__in=organisations, status=BidStatus.DRAFT)
        .select_related("round", "lot", "organisation")
        .order_by("round__closes_at", "pk")[:HOME_BIDS_SHOWN]
    )
    return HomePanel(
        _("Your bids in progress"),
        "commissioning/panels/bids.html",
        {"drafts": drafts, "now": timezone.now()},
    )


@register_home_panel(order=61)
def bids_per_round(request):
    """Office staff: their body's published rounds with how many bids are started and
    submitted (counts only: bids stay sealed until the close). One query: each of the ten
    rounds counts its own bids (grouping the join of every bid cost about 20 ms at `make
    bench`'s 70,000)."""
    bodies = [m.body for m in user_memberships(request.user) if m.role in OFFICE]
    if not bodies:
        return None
    of_round = Bid.objects.filter(round=OuterRef("pk"))
    rounds = list(
        Round.objects.filter(
            lead_body=bodies[0],
            status__in=[RoundStatus.OPEN, RoundStatus.CLOSED, RoundStatus.ASSESSING],
        )
        .only("title", "title_cy")
        .annotate(
            drafts=count_subquery(of_round.filter(status=BidStatus.DRAFT)),
            submitted=count_subquery(of_round.filter(submitted_at__isnull=False)),
        )
        .order_by("-closes_at", "pk")[:HOME_BIDS_SHOWN]
    )
    if not rounds:
        return None
    return HomePanel(
        _("Bids per round"), "commissioning/panels/bids_per_round.html", {"rounds": rounds}
    )
