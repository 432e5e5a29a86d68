"""Home-page panels: for the office, decisions with awards still to make, offers waiting
for an answer and instalments due this month; for a provider, offers to answer."""

from django.db.models import Count, Q
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from commissioning.decisions.models import Decision, DecisionStatus
from core.access import user_memberships
from core.home import HomePanel, register_home_panel
from core.london_time import LONDON
from grants.models import Award, AwardStatus
from grants.rules import OFFICE
from grants.selectors import instalments_due


def decisions_to_award(body):
    """Approved decisions of the body with a successful outcome that has no award yet."""
    return (
        Decision.objects.filter(body=body, status=DecisionStatus.APPROVED)
        .annotate(
            missing=Count(
                "outcomes",
                filter=Q(outcomes__commitment__isnull=False, outcomes__award__isnull=True),
            )
        )
        .filter(missing__gt=0)
        .select_related("round")
        .order_by("-approved_at")
    )


@register_home_panel(order=65)
def grants_panel(request):
    """Three queries."""
    bodies = [m.body for m in user_memberships(request.user) if m.role in OFFICE]
    if not bodies:
        return None
    body = bodies[0]
    today = timezone.localtime(timezone.now(), LONDON).date()
    return HomePanel(
        _("Grants"),
        "grants/panels/office.html",
        {
            "decisions": list(decisions_to_award(body)[:10]),
            "offered": Award.objects.filter(body=body, status=AwardStatus.OFFERED).count(),
            "due": instalments_due(body=body, today=today).count(),
        },
    )


@register_home_panel(order=15)
def offers_panel(request):
    """A provider's offers waiting for an answer. One query (with the memberships)."""
    from providers.access import is_provider_person

    if not is_provider_person(request.user):
        return None
    offers = list(
        Award.objects.filter(
            status=AwardStatus.OFFERED, organisation__members__user=request.user
        ).select_related("organisation", "body")[:10]
    )
    if not offers:
        return None
    return HomePanel(_("Offers of grants"), "grants/panels/offers.html", {"offers": offers})
