"""Who may use the providers' pages.

Provider pages are for people who work for provider organisations. Office staff, assessors,
panel members and site administrators are not provider members (docs/roles.md), so they
get 403; a provider asking for another organisation's page gets 404; a member without the
role a page needs gets 403.
"""

from functools import wraps

from django.contrib.auth.views import redirect_to_login
from django.core.exceptions import PermissionDenied

from core.access import user_memberships
from providers.models import MemberRole
from providers.selectors import membership_list_for, organisation_get_for_member

# The organisation the person is working for, chosen from their memberships.
CURRENT_ORGANISATION_SESSION_KEY = "providers_organisation"


def is_provider_person(user) -> bool:
    return user.is_authenticated and not user.is_staff and not user_memberships(user)


def provider_required(view):
    @wraps(view)
    def wrapped(request, *args, **kwargs):
        if not request.user.is_authenticated:
            return redirect_to_login(request.get_full_path())
        if not is_provider_person(request.user):
            raise PermissionDenied
        return view(request, *args, **kwargs)

    return wrapped


def organisation_member_required(*roles):
    """For views taking the organisation's `pk`: members only (404 for others), and only
    those with one of `roles` when given (403 for other members). Sets
    `request.organisation` and `request.membership`."""
    allowed = {MemberRole(role) for role in roles}

    def decorator(view):
        @wraps(view)
        @provider_required
        def wrapped(request, pk, *args, **kwargs):
            membership = organisation_get_for_member(user=request.user, pk=pk)
            if allowed and membership.role not in allowed:
                raise PermissionDenied
            request.membership = membership
            request.organisation = membership.organisation
            return view(request, pk, *args, **kwargs)

        return wrapped

    return decorator


administrator_required = organisation_member_required(MemberRole.ADMINISTRATOR)
editor_required = organisation_member_required(MemberRole.ADMINISTRATOR, MemberRole.EDITOR)
member_required = organisation_member_required()


def current_membership(request):
    """The membership of the organisation the person chose to work for (or their first)."""
    memberships = membership_list_for(user=request.user)
    if not memberships:
        return None
    chosen = request.session.get(CURRENT_ORGANISATION_SESSION_KEY)
    for membership in memberships:
        if membership.organisation_id == chosen:
            return membership
    return memberships[0]
