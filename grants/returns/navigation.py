"""Monitoring returns in the service navigation: the office's returns to review. The
provider's navigation is full at 1280 px: its returns are linked from its grants page and
its home panel instead."""

from django.urls import reverse
from django.utils.translation import gettext_lazy as _

from core.access import user_roles
from core.navigation import register_navigation
from grants.rules import OFFICE


@register_navigation(order=55)
def returns_to_review(user):
    if user_roles(user) & OFFICE:
        return [(_("Returns"), reverse("grants:returns"))]
    return []
