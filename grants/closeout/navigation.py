"""Recoveries outstanding in the service navigation, for the finance officers who record
the money received."""

from django.urls import reverse
from django.utils.translation import gettext_lazy as _

from core.access import user_roles
from core.models import Role
from core.navigation import register_navigation


@register_navigation(order=57)
def recoveries(user):
    if Role.FINANCE_OFFICER in user_roles(user):
        return [(_("Recoveries"), reverse("grants:recoveries"))]
    return []
