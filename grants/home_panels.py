"""Home-page panels: for the office, decisions with awards still to make, offers waiting
for an answer and instalments due this month; for a provider, offers to answer."""

from django.db.models import Count, Exists, IntegerField, OuterRef, Subquery, Value
from django.db.models.functions import Coalesce
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from commissioning.decisions.models import Decision, DecisionOutcome, DecisionStatus
from core.access import user_memberships
from core.home import HomePanel, register_home_panel
from core.london_time import LONDON
from core.paging import counts
from grants.models import Award, AwardStatus
from grants.rules import OFFICE
from grants.selectors import DUE_COUNT_LIMIT, instalments_due_to_count


def decisions_to_award(body):
    """Approved decisions of the body with a successful outcome that has no award yet, each
    with how many (`missing`).

    One query, starting from the body's few approved decisions: whether one has an outcome
    without an award is an anti-join on the award's unique outcome index, and the missing
    ones are counted only for the decisions that have some. Grouping every outcome of the
    body with its award cost about 50 ms at 20,000 awards (`make bench`); this about 5."""
    pending = DecisionOutcome.objects.filter(
        decision=OuterRef("pk"), commitment__isnull=False
    ).exclude(Exists(Award.objects.filter(outcome=OuterRef("pk"))))
    missing = pending.order_by().values("decision").annotate(n=Count("pk")).values("n")
    return (
        Decision.objects.filter(body=body, status=DecisionStatus.APPROVED)
        .filter(Exists(pending))
        .annotate(missing=Coalesce(Subquery(missing, output_field=IntegerField()), Value(0)))
        .select_related("round")
        .order_by("-approved_at")
    )


@register_home_panel(order=65)
def grants_panel(request):
    """Two queries: the decisions with awards to make; the offers waiting and the
    instalments due (up to `DUE_COUNT_LIMIT`) counted in one."""
    bodies = [m.body for m in user_memberships(request.user) if m.role in OFFICE]
    if not bodies:
        return None
    body = bodies[0]
    today = timezone.localtime(timezone.now(), LONDON).date()
    counted = counts(
        {
            "offered": Award.objects.filter(body=body, status=AwardStatus.OFFERED).values("pk"),
            "due": instalments_due_to_count(body=body, today=today),
        }
    )
    due = counted["due"]
    return HomePanel(
        _("Grants"),
        "grants/panels/office.html",
        {
            "decisions": list(decisions_to_award(body)[:10]),
            "offered": counted["offered"],
            "due": min(due, DUE_COUNT_LIMIT),
            "due_capped": due > DUE_COUNT_LIMIT,
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
