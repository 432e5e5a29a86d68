"""The service navigation is built from items that apps register.

An app adds its items without `core` naming it: in its AppConfig.ready(),

    from core.navigation import register_navigation

    @register_navigation(order=20)
    def plans(user):
        if user_roles(user) & STAFF_ROLES:
            return [(_("Plans"), reverse("plans:list"))]
        return []

Each function takes the user (possibly anonymous) and gives the (label, URL) pairs that user
sees, without queries beyond the roles the request already loaded. Lower orders come first:
core's Home is 0; apps use 10-899; core's gallery, admin and sign in/out come last (900+).

The public start page's links work the same way (`register_start_link`): each function takes
the request and gives (label, url) pairs, shown as "Use this service to:" bullets.
"""

from collections.abc import Callable

_ITEMS: list[tuple[int, Callable]] = []
_START_LINKS: list[tuple[int, Callable]] = []


def _registrar(registry, order):
    def decorator(func):
        if all(existing is not func for _, existing in registry):
            registry.append((order, func))
            registry.sort(key=lambda item: item[0])
        return func

    return decorator


def register_navigation(order: int = 100):
    """Decorate `func(user) -> [(label, url), ...]`: items of the service navigation."""
    return _registrar(_ITEMS, order)


def register_start_link(order: int = 100):
    """Decorate `func(request) -> [(label, url), ...]`: links on the public start page."""
    return _registrar(_START_LINKS, order)


def navigation_items(user) -> list[tuple[str, str]]:
    """Every registered item the user sees, in order: [(label, url), ...]."""
    return [item for _order, func in _ITEMS for item in func(user)]


def start_links(request) -> list[tuple[str, str]]:
    """Every registered start-page link, in order: [(label, url), ...]."""
    return [item for _order, func in _START_LINKS for item in func(request)]
