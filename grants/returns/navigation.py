"""Monitoring returns in the service navigation: the office's returns to review, and the
provider's returns in the organisation's navigation context."""

from django.urls import reverse
from django.utils.translation import gettext_lazy as _

from core.access import user_roles
from core.navigation import register_navigation
from grants.rules import OFFICE


@register_navigation(order=55)
def returns_to_review(user):
    if user_roles(user) & OFFICE:
        return [(_("Monitoring returns"), reverse("grants:returns"))]
    return []


@register_navigation(order=65, context="provider_organisation")
def my_returns(user, membership):
    return [(_("Monitoring returns"), reverse("grants:returns-mine"))]
