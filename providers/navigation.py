"""The provider registry in the service navigation; signing up on the start page."""

from django.urls import reverse
from django.utils.translation import gettext_lazy as _

from core.access import user_roles
from core.models import STAFF_ROLES
from core.navigation import register_navigation, register_start_link


@register_navigation(order=30)
def registry(user):
    # The national provider registry is for office staff of every body (DESIGN.md section 2).
    if user_roles(user) & STAFF_ROLES:
        return [(_("Provider registry"), reverse("providers:registry-search"))]
    return []


@register_start_link(order=30)
def sign_up(request):
    return [(_("create an account to register your organisation"), reverse("providers:sign-up"))]
