"""The organisation's home page, as panels on the signed-in home page (core.home)."""

from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from core.home import HomePanel, register_home_panel
from providers.access import current_membership, is_provider_person
from providers.selectors import (
    documents_needing_action,
    join_request_list_pending,
    member_list,
    membership_list_for,
)

# Members listed on the home page; the member list shows them all.
HOME_MEMBERS_SHOWN = 10


@register_home_panel(order=5)
def your_organisation(request):
    """Queries: memberships, then for the current organisation its members (up to
    HOME_MEMBERS_SHOWN and a count), its documents and, for administrators, who asks to join."""
    user = request.user
    if not is_provider_person(user):
        return None
    membership = current_membership(request)
    if membership is None:
        return HomePanel(_("Register your organisation"), "providers/panels/no_organisation.html")
    organisation = membership.organisation
    members = member_list(organisation=organisation)
    return HomePanel(
        organisation.name,
        "providers/panels/organisation.html",
        {
            "organisation": organisation,
            "membership": membership,
            "others": len(membership_list_for(user=user)) - 1,
            "members": list(members[:HOME_MEMBERS_SHOWN]),
            "member_count": members.count(),
            "needing_action": documents_needing_action(
                organisation=organisation, today=timezone.localdate()
            ),
            "join_requests": list(join_request_list_pending(organisation=organisation))
            if membership.is_administrator
            else [],
        },
    )
