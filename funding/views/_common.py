"""What the funding views share: who may open them, and which body they act for."""

from functools import wraps

from django.contrib.auth.views import redirect_to_login
from django.core.exceptions import PermissionDenied

from core.access import role_required, user_memberships
from funding import rules

# A body's finance pages: its office staff read, its finance officers change.
readers_only = role_required(*rules.READERS)
editors_only = role_required(*rules.EDITORS)


def importers_only(view):
    """Finance officers, for their body; site admins, for every body at once.

    Sets `request.policing_body` to the body, or None for a site admin.
    """

    @wraps(view)
    def wrapped(request, *args, **kwargs):
        user = request.user
        if not user.is_authenticated:
            return redirect_to_login(request.get_full_path())
        if user.is_staff:
            request.policing_body = None
            return view(request, *args, **kwargs)
        for membership in user_memberships(user):
            if membership.role in rules.EDITORS:
                request.policing_body = membership.body
                return view(request, *args, **kwargs)
        raise PermissionDenied

    return wrapped
