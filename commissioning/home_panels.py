"""Home-page panel for commissioning officers: their rounds by state and what needs them."""

from django.db.models import Count, Q
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from commissioning.models import Round, RoundStatus
from commissioning.rules import EDITORS
from core.access import user_memberships
from core.home import HomePanel, register_home_panel


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
