"""Home-page panels: an assessor's assessments due, and a moderator's bids ready to settle."""

from django.db.models import Count, Q
from django.utils.translation import gettext_lazy as _

from commissioning.assessment.models import ACTIVE_STATUSES, Assignment, AssignmentStatus
from commissioning.assessment.rules import MODERATORS
from commissioning.assessment.selectors import assignment_list_for_assessor
from commissioning.bids.models import BID_SUBMITTED_STATUSES, Bid
from core.access import user_memberships
from core.home import HomePanel, register_home_panel
from core.models import Role
from core.working_days import london_today

SHOWN = 10


@register_home_panel(order=62)
def assessments_panel(request):
    """The assessor's assessments not yet completed, soonest due first. Two queries."""
    if not any(m.role == Role.ASSESSOR for m in user_memberships(request.user)):
        return None
    due = list(
        assignment_list_for_assessor(user=request.user).filter(
            status__in=[s for s in ACTIVE_STATUSES if s != AssignmentStatus.COMPLETED]
        )[:SHOWN]
    )
    return HomePanel(
        _("Your assessments"),
        "commissioning/assessment/panels/assessor.html",
        {"due": due, "today": london_today()},
    )


@register_home_panel(order=64)
def moderation_panel(request):
    """Bids of the body's rounds whose assessments are complete and that await moderation.
    One query: it starts from the completed assessments (a few per bid being assessed), not
    from every bid the body ever received, which it would group to count."""
    bodies = [m.body for m in user_memberships(request.user) if m.role in MODERATORS]
    if not bodies:
        return None
    completed = Assignment.objects.filter(
        round__lead_body=bodies[0], status=AssignmentStatus.COMPLETED
    )
    ready = list(
        Bid.objects.filter(
            round__lead_body=bodies[0],
            status__in=BID_SUBMITTED_STATUSES,
            moderation__isnull=True,
            pk__in=completed.values("bid_id"),
        )
        .annotate(
            done=Count("assignments", filter=Q(assignments__status=AssignmentStatus.COMPLETED))
        )
        .exclude(assignments__assessor=request.user)
        .select_related("round")
        # Only what the panel shows and checks (fifty bids with their whole round each
        # were about 600 columns converted).
        .only("reference", "round__title", "round__assessments_per_bid")
        .order_by("round__closes_at", "pk")[: SHOWN * 5]
    )
    ready = [bid for bid in ready if bid.done >= bid.round.assessments_per_bid][:SHOWN]
    if not ready:
        return None
    return HomePanel(
        _("Bids to moderate"), "commissioning/assessment/panels/moderator.html", {"ready": ready}
    )
