"""Funding in the service navigation and on the public start page (core.navigation)."""

from django.urls import reverse
from django.utils.translation import gettext_lazy as _

from core.access import user_roles
from core.models import STAFF_ROLES, Role
from core.navigation import register_navigation, register_start_link


@register_navigation(order=40)
def funding(user):
    # Office staff see their body's allocations (site admins import from the national view).
    if user_roles(user) & STAFF_ROLES:
        return [(_("Funding"), reverse("funding:finance"))]
    return []


@register_navigation(order=45)
def budgets(user):
    # Finance officers and decision makers; panel members read the years published to them.
    if user_roles(user) & {Role.FINANCE_OFFICER, Role.DECISION_MAKER, Role.PANEL_MEMBER}:
        return [(_("Budgets"), reverse("budgets:index"))]
    return []


@register_start_link(order=40)
def national_allocations(request):
    return [
        (
            _("see the funding government allocates to each commissioner"),
            reverse("funding:national-index"),
        )
    ]
