"""Values every page's template needs: the service's name and its navigation."""

from django.conf import settings
from django.contrib.auth.models import AnonymousUser
from django.urls import reverse
from django.utils.translation import gettext_lazy as _

from core.navigation import navigation_contexts, navigation_items, register_navigation


def service(request):
    return {
        "service_name": settings.SERVICE_NAME,
        "service_contact_email": settings.SERVICE_CONTACT_EMAIL,
    }


# Core's own items; apps register theirs from their AppConfig.ready() (core.navigation).
@register_navigation(order=0)
def _home(user):
    return [(_("Home"), reverse("core:home"))]


@register_navigation(order=900)
def _gallery(user):
    return [(_("Component gallery"), reverse("core:gallery"))] if user.is_staff else []


@register_navigation(order=910)
def _admin(user):
    return [(_("Admin"), reverse("admin:index"))] if user.is_staff else []


@register_navigation(order=1000)
def _sign_in_or_out(user):
    if user.is_authenticated:
        return [(_("Sign out"), reverse("core:sign-out"))]
    return [(_("Sign in"), reverse(settings.LOGIN_URL))]


def _is_active(path, url):
    # Home is active only on the home page; any other item for every page under its URL.
    return path == url if url == reverse("core:home") else path.startswith(url)


def navigation(request):
    """`navigation`: the service navigation's items, `{"label", "url", "active"}`, and
    `navigation_contexts`: what the person is working for (core.navigation)."""
    # A request that did not pass through the middleware (a test's RequestFactory) has no user.
    user = getattr(request, "user", None) or AnonymousUser()
    items = navigation_items(user, request)
    # Only the most specific item is the current one ("Members" under "Your organisation").
    matching = [url for _label, url in items if _is_active(request.path, url)]
    current = max(matching, key=len) if matching else None
    return {
        "navigation": [
            {"label": label, "url": url, "active": url == current} for label, url in items
        ],
        "navigation_contexts": list(navigation_contexts(request).values()),
    }
