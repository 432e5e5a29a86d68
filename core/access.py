"""Who may do what: roles per body, the second factor, and view guards.

The rule for every private page (docs/roles.md): anonymous -> sign-in; signed in but
without a verified second factor when one is required -> verification; another body's or
organisation's object -> 404 (selectors scope querysets so it is simply not found); the right
body but the wrong role -> 403.
"""

from functools import wraps

from django.contrib.auth.views import redirect_to_login
from django.core.exceptions import PermissionDenied
from django.shortcuts import redirect
from django.urls import reverse
from django.utils.http import urlencode
from django_otp import user_has_device

from core.models import STAFF_ROLES, Membership, Role


def user_memberships(user) -> list[Membership]:
    """The user's memberships, fetched once per request and kept on the user object."""
    if not user.is_authenticated:
        return []
    cached = getattr(user, "_memberships_cache", None)
    if cached is None:
        cached = list(Membership.objects.filter(user=user).select_related("body"))
        user._memberships_cache = cached
    return cached


def user_roles(user, body=None) -> set[str]:
    return {m.role for m in user_memberships(user) if body is None or m.body_id == body.pk}


def user_bodies(user):
    seen = {}
    for membership in user_memberships(user):
        seen.setdefault(membership.body_id, membership.body)
    return list(seen.values())


def has_role(user, body, *roles) -> bool:
    return bool(user_roles(user, body) & set(roles))


def staff_body(user):
    """The body whose office the user works in, or None."""
    for membership in user_memberships(user):
        if membership.role in STAFF_ROLES:
            return membership.body
    return None


def is_office_staff(user) -> bool:
    return staff_body(user) is not None


def financial_limit(user, body):
    """A decision maker's limit for the body: a Decimal, None for no limit; raises if none."""
    for membership in user_memberships(user):
        if membership.body_id == body.pk and membership.role == Role.DECISION_MAKER:
            return membership.financial_limit
    raise PermissionDenied


def requires_second_factor(user) -> bool:
    """Everyone who can see unpublished data signs in with a second factor.

    Providers may enrol; once they have, their device is required too.
    """
    if not user.is_authenticated:
        return False
    if user.is_staff or user.is_superuser or user_memberships(user):
        return True
    return user_has_device(user, confirmed=True)


def second_factor_exempt(view):
    """Mark a view that a signed-in person may use before verifying (sign-out, verify)."""
    view.second_factor_exempt = True
    return view


def not_activity(view):
    """Mark a view whose requests do not keep a session alive (a page that refreshes itself)."""
    view.not_activity = True
    return view


def recent_sign_in_required(minutes=15):
    """Ask for the password, and a code when the account has an app, again before the view
    when either was entered more than `minutes` ago.

    For views that move money or record a decision, and for appointing administrators: a
    session left open on an unlocked computer must not be enough for those.
    """
    from core.session_expiry import signed_in_recently

    def decorator(view):
        @wraps(view)
        def wrapped(request, *args, **kwargs):
            user = request.user
            if not user.is_authenticated:
                return redirect_to_login(request.get_full_path())
            with_code = user_has_device(user, confirmed=True)
            if not signed_in_recently(request, minutes=minutes, with_code=with_code):
                query = urlencode({"next": request.get_full_path()})
                return redirect(f"{reverse('core:sign-in-again')}?{query}")
            return view(request, *args, **kwargs)

        return wrapped

    return decorator


def role_required(*roles):
    """Allow users holding any of `roles` for some body; sets `request.policing_body` to it.

    (Not `request.body`: that is Django's raw request body and cannot be assigned.)

    Staff work for one body, so the body comes from the membership rather than the URL:
    a URL naming another body's object then finds nothing (404) in the body's selectors.
    (Not `request.body`: that is Django's read-only raw request body.)
    """

    def decorator(view):
        @wraps(view)
        def wrapped(request, *args, **kwargs):
            user = request.user
            if not user.is_authenticated:
                return redirect_to_login(request.get_full_path())
            for membership in user_memberships(user):
                if membership.role in roles:
                    request.policing_body = membership.body
                    return view(request, *args, **kwargs)
            raise PermissionDenied

        return wrapped

    return decorator


def office_staff_required(view):
    return role_required(*STAFF_ROLES)(view)


def site_admin_required(view):
    @wraps(view)
    def wrapped(request, *args, **kwargs):
        if not request.user.is_authenticated:
            return redirect_to_login(request.get_full_path())
        if not request.user.is_staff:
            raise PermissionDenied
        return view(request, *args, **kwargs)

    return wrapped
