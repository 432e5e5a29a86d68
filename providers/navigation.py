"""Providers in the service navigation and on the public start page (core.navigation).

Office staff get the national registry. People of provider organisations work for one
organisation at a time (kept in the session, chosen on "Your organisations"): the context
"provider_organisation" is that organisation's membership, shown above every page with a
switch when they belong to several, and its items (the organisation, members, documents)
link to it. Other apps add their provider items to the same context from their own folder:

    @register_navigation(order=60, context=PROVIDER_ORGANISATION)
    def bids(user, membership): ...
"""

from django.urls import reverse
from django.utils.translation import gettext_lazy as _

from core.access import user_roles
from core.models import STAFF_ROLES
from core.navigation import (
    NavigationContext,
    register_navigation,
    register_navigation_context,
    register_start_link,
)

PROVIDER_ORGANISATION = "provider_organisation"


@register_navigation_context(PROVIDER_ORGANISATION)
def current_organisation(request):
    from providers.access import current_membership, is_provider_person
    from providers.selectors import membership_list_for

    user = getattr(request, "user", None)
    if user is None or not is_provider_person(user) or not hasattr(request, "session"):
        return None
    # A page of one organisation (providers.access set it) is about that organisation.
    membership = getattr(request, "membership", None) or current_membership(request)
    if membership is None:
        return None
    several = len(membership_list_for(user=user)) > 1
    return NavigationContext(
        name=membership.organisation.name,
        obj=membership,
        switch_url=reverse("providers:organisation-list") if several else None,
        switch_label=_("Switch organisation") if several else "",
    )


@register_navigation(order=10, context=PROVIDER_ORGANISATION)
def organisation(user, membership):
    pk = membership.organisation_id
    return [
        (_("Organisation"), reverse("providers:organisation-detail", args=[pk])),
        (_("Members"), reverse("providers:member-list", args=[pk])),
        (_("Documents"), reverse("providers:document-list", args=[pk])),
    ]


@register_navigation(order=30)
def registry(user):
    # The national provider registry is for office staff of every body (docs/roles.md).
    if user_roles(user) & STAFF_ROLES:
        return [(_("Registry"), reverse("providers:registry-search"))]
    return []


@register_start_link(order=30)
def sign_up(request):
    return [(_("create an account to register your organisation"), reverse("providers:sign-up"))]
