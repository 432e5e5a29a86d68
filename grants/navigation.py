"""Grants in the service navigation (core.navigation): the office's grant list, and the
provider's grants in the organisation's navigation context."""

from django.urls import reverse
from django.utils.translation import gettext_lazy as _

from core.access import user_roles
from core.navigation import register_navigation
from grants.rules import OFFICE


@register_navigation(order=50)
def grants(user):
    if user_roles(user) & OFFICE:
        return [(_("Grants"), reverse("grants:list"))]
    return []


@register_navigation(order=60, context="provider_organisation")
def my_grants(user, membership):
    return [(_("Grants"), reverse("grants:mine"))]
