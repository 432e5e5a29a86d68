"""Variations in the service navigation: a decision maker's list of variations awaiting
approval. Officers reach variations from each grant's page; providers from their grant's
page and their home panel."""

from django.urls import reverse
from django.utils.translation import gettext_lazy as _

from core.access import user_roles
from core.models import Role
from core.navigation import register_navigation


@register_navigation(order=56)
def variations_to_approve(user):
    if Role.DECISION_MAKER in user_roles(user):
        return [(_("Variations"), reverse("grants:variations"))]
    return []
