"""Home-page panel: for a finance officer, the earliest ended year of the body's budgets that
is not closed yet (years close in order, so that is the one to close next)."""

from django.db.models import Exists, OuterRef
from django.utils.translation import gettext_lazy as _

from core.access import user_memberships
from core.financial_years import FinancialYear
from core.home import HomePanel, register_home_panel
from core.models import Role
from funding.ledger.models import Budget, ClosedYear


def year_to_close(body) -> FinancialYear | None:
    """The earliest year before this one with budgets and no close. One query."""
    closed = ClosedYear.objects.filter(body=body, year=OuterRef("year"))
    return (
        Budget.objects.filter(body=body, year__lt=FinancialYear.current())
        .filter(~Exists(closed))
        .order_by("year")
        .values_list("year", flat=True)
        .first()
    )


@register_home_panel(order=67)
def year_end_panel(request):
    bodies = [m.body for m in user_memberships(request.user) if m.role == Role.FINANCE_OFFICER]
    if not bodies:
        return None
    year = year_to_close(bodies[0])
    if year is None:
        return None
    return HomePanel(_("Year end"), "funding/panels/year_end.html", {"year": year})
