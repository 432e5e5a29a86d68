"""Home-page panel: the finance officer's recoveries outstanding."""

from django.db.models import Count, Sum
from django.utils.translation import gettext_lazy as _

from core.access import user_memberships
from core.home import HomePanel, register_home_panel
from core.models import Role
from grants.closeout.models import Recovery, RecoveryStatus


@register_home_panel(order=67)
def recoveries_panel(request):
    """How many recoveries are outstanding and how much. One query."""
    bodies = [m.body for m in user_memberships(request.user) if m.role == Role.FINANCE_OFFICER]
    if not bodies:
        return None
    figures = Recovery.objects.filter(
        award__body=bodies[0], status=RecoveryStatus.OUTSTANDING
    ).aggregate(count=Count("pk"), due=Sum("amount_due"), received=Sum("received"))
    if not figures["count"]:
        return None
    return HomePanel(
        _("Recoveries outstanding"),
        "grants/panels/recoveries.html",
        {"count": figures["count"], "outstanding": figures["due"] - figures["received"]},
    )
