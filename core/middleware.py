import pghistory
from django.conf import settings
from django.contrib.auth import logout
from django.shortcuts import redirect
from django.urls import reverse
from django.utils.http import urlencode

from core import held_posts, session_expiry
from core.access import requires_second_factor


class AuditContextMiddleware:
    """Name the actor of every database change made during a request in the audit trail."""

    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        user = getattr(request, "user", None)
        if request.method in ("GET", "HEAD", "OPTIONS"):
            return self.get_response(request)
        actor = f"user:{user.email}" if user is not None and user.is_authenticated else "anonymous"
        with pghistory.context(actor=actor, url=request.path):
            return self.get_response(request)


class SessionExpiryMiddleware:
    """End the sessions of accounts that need a second factor: idle, or simply too old.

    See core/session_expiry.py. After AuthenticationMiddleware and OTPMiddleware, before
    SecondFactorMiddleware, so that an expired session meets the sign-in page, not the code.
    """

    EXEMPT_PREFIXES = ("/static/", "/healthz")

    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        if self._applies(request):
            reason = session_expiry.expiry_reason(request)
            if reason is not None:
                # A registered page's form is kept, never applied (core/held_posts.py).
                held = held_posts.hold(request, reason="session", user=request.user)
                logout(request)
                # The new, empty session carries the reason to the sign-in page.
                request.session[session_expiry.SIGNED_OUT_REASON] = reason
                if held is not None:
                    return held_posts.held_response(request, held)
                query = urlencode({"next": request.get_full_path()})
                return redirect(f"{reverse('core:sign-in')}?{query}")
        return self.get_response(request)

    def _applies(self, request):
        if request.path.startswith(self.EXEMPT_PREFIXES):
            return False
        # Verified means a second factor is required of this account (requires_second_factor:
        # anyone with a device must use it); an unverified one can do nothing until it is.
        user = request.user
        return user.is_authenticated and user.is_verified()

    def process_view(self, request, view_func, view_args, view_kwargs):
        if getattr(view_func, "not_activity", False) or not self._applies(request):
            return None
        session_expiry.activity_record(request)
        return None


class SecondFactorMiddleware:
    """Send a signed-in person who must verify a second factor to verification first."""

    # Paths outside our views (assets, health checks) never need it.
    EXEMPT_PREFIXES = ("/static/", "/healthz", "/i18n/")

    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        return self.get_response(request)

    def process_view(self, request, view_func, view_args, view_kwargs):
        if request.path.startswith(self.EXEMPT_PREFIXES):
            return None
        if getattr(view_func, "second_factor_exempt", False):
            return None
        user = request.user
        if not user.is_authenticated or user.is_verified():
            return None
        if not requires_second_factor(user):
            return None
        return redirect(f"{reverse('core:verify')}?{urlencode({'next': request.get_full_path()})}")


class PermissionsPolicyMiddleware:
    """Send `settings.PERMISSIONS_POLICY` with every response (Django has no setting for it)."""

    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        response = self.get_response(request)
        response.headers.setdefault("Permissions-Policy", settings.PERMISSIONS_POLICY)
        return response
