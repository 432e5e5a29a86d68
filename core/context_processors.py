"""Values every page's template needs: the service's name and its navigation."""

from django.conf import settings
from django.contrib.auth.models import AnonymousUser
from django.urls import reverse
from django.utils.translation import gettext_lazy as _

from core.access import user_roles
from core.models import STAFF_ROLES, Role


def service(request):
    return {
        "service_name": settings.SERVICE_NAME,
        "service_contact_email": settings.SERVICE_CONTACT_EMAIL,
    }


# The service navigation is built from these small functions, in this order. Each takes the
# user and gives the (label, URL) pairs that user sees; add one for a new role and list it.
def _home(user):
    return [(_("Home"), reverse("core:home"))]


def _plans(user):
    # Office staff and panel members work on their body's plans; the public pages are linked
    # from the start page.
    if user_roles(user) & (STAFF_ROLES | {Role.PANEL_MEMBER}):
        return [(_("Plans"), reverse("plans:list"))]
    return []


def _funding(user):
    # Office staff see their body's allocations (site admins import from the national view).
    if user_roles(user) & STAFF_ROLES:
        return [(_("Funding"), reverse("funding:finance"))]
    return []


def _budgets(user):
    # Finance officers and decision makers; panel members read the years published to them.
    if user_roles(user) & {Role.FINANCE_OFFICER, Role.DECISION_MAKER, Role.PANEL_MEMBER}:
        return [(_("Budgets"), reverse("budgets:index"))]
    return []


def _registry(user):
    # The national provider registry is for office staff of every body (DESIGN.md section 2).
    if user_roles(user) & STAFF_ROLES:
        return [(_("Provider registry"), reverse("providers:registry-search"))]
    return []


def _gallery(user):
    return [(_("Component gallery"), reverse("core:gallery"))] if user.is_staff else []


def _admin(user):
    return [(_("Admin"), reverse("admin:index"))] if user.is_staff else []


def _sign_in_or_out(user):
    if user.is_authenticated:
        return [(_("Sign out"), reverse("core:sign-out"))]
    return [(_("Sign in"), reverse(settings.LOGIN_URL))]


NAVIGATION = [_home, _plans, _funding, _budgets, _registry, _gallery, _admin, _sign_in_or_out]


def _is_active(path, url):
    # Home is active only on the home page; any other item for every page under its URL.
    return path == url if url == reverse("core:home") else path.startswith(url)


def navigation(request):
    """`navigation`: the service navigation's items, `{"label", "url", "active"}`."""
    # A request that did not pass through the middleware (a test's RequestFactory) has no user.
    user = getattr(request, "user", None) or AnonymousUser()
    return {
        "navigation": [
            {"label": label, "url": url, "active": _is_active(request.path, url)}
            for section in NAVIGATION
            for label, url in section(user)
        ]
    }
