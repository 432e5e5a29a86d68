"""Rounds in the service navigation and on the public start page (core.navigation)."""

from django.urls import reverse
from django.utils.translation import gettext_lazy as _

from core.access import user_roles
from core.models import STAFF_ROLES
from core.navigation import register_navigation, register_start_link


@register_navigation(order=30)
def rounds(user):
    # Office staff run their body's rounds; people of provider organisations find rounds on
    # the public listing (their memberships are fetched once per request, and kept).
    if user_roles(user) & STAFF_ROLES:
        return [(_("Rounds"), reverse("commissioning:list"))]
    from providers.access import is_provider_person
    from providers.selectors import membership_list_for

    if is_provider_person(user) and membership_list_for(user=user):
        return [
            (_("Funding rounds"), reverse("commissioning:public-list")),
            (_("Your bids"), reverse("commissioning:bids")),
        ]
    return []


@register_start_link(order=30)
def open_rounds(request):
    return [(_("find funding rounds open for bids"), reverse("commissioning:public-list"))]


@register_navigation(order=32)
def assessments(user):
    """Assessors (staff or co-opted) reach the bids assigned to them."""
    from core.models import Role

    if Role.ASSESSOR in user_roles(user):
        return [(_("Assessments"), reverse("commissioning:assessment-list"))]
    return []
