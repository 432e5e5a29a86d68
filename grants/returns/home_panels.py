"""Home-page panels: for a provider, its returns due (and returned for changes); for the
office, returns waiting for review and overdue."""

from django.utils.translation import gettext_lazy as _

from core.access import user_memberships
from core.home import HomePanel, register_home_panel
from core.working_days import london_today
from grants.returns.models import OPEN_STATUSES, MonitoringReturn
from grants.returns.selectors import REVIEW_COUNT_LIMIT, review_counts_up_to, review_numbers
from grants.rules import OFFICE

# The office's counts stop here, as on the returns list.
COUNT_LIMIT = REVIEW_COUNT_LIMIT


@register_home_panel(order=16)
def returns_due_panel(request):
    """A provider's returns waiting for it (their period ended), soonest due first. One
    query."""
    from providers.access import is_provider_person

    if not is_provider_person(request.user):
        return None
    returns = list(
        MonitoringReturn.objects.filter(
            award__organisation__members__user=request.user,
            status__in=OPEN_STATUSES,
            period_end__lt=london_today(),
        )
        .select_related("award")
        .order_by("due_on", "pk")[:5]
    )
    if not returns:
        return None
    return HomePanel(
        _("Monitoring returns due"), "grants/panels/returns_due.html", {"returns": returns}
    )


@register_home_panel(order=66)
def returns_review_panel(request):
    """The office's returns waiting for review and overdue, each counted up to
    `COUNT_LIMIT` (past it: "More than 1,000"). One query."""
    bodies = [m.body for m in user_memberships(request.user) if m.role in OFFICE]
    if not bodies:
        return None
    counts = review_counts_up_to(body=bodies[0], limit=COUNT_LIMIT)
    if not counts["submitted"] and not counts["overdue"]:
        return None
    return HomePanel(
        _("Monitoring returns"),
        "grants/panels/returns_review.html",
        review_numbers(counts, limit=COUNT_LIMIT),
    )
