"""Plans in the service navigation and on the public start page (core.navigation)."""

from django.urls import reverse
from django.utils.translation import gettext_lazy as _

from core.access import user_roles
from core.models import STAFF_ROLES, Role
from core.navigation import register_navigation, register_start_link


@register_navigation(order=20)
def plans(user):
    # Office staff and panel members work on their body's plans; the public pages are linked
    # from the start page.
    if user_roles(user) & (STAFF_ROLES | {Role.PANEL_MEMBER}):
        return [(_("Plans"), reverse("plans:list"))]
    return []


@register_start_link(order=20)
def published_plans(request):
    return [(_("read police and crime plans"), reverse("plans:public-index"))]
