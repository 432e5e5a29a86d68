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

Some items belong to what the person is working for, such as a provider's current
organisation. The app that owns it registers a context once, by name:

    @register_navigation_context("provider_organisation")
    def organisation(request) -> NavigationContext | None: ...

and any app adds items to it from its own folder, getting the context's object:

    @register_navigation(order=25, context="provider_organisation")
    def bids(user, membership):
        return [(_("Bids"), reverse("bids:list", args=[membership.organisation_id]))]

The context is resolved once per request and shown above the page ("Working for ...", with
a switch when there is a choice); its items appear only when it resolves.

The public start page's links work the same way (`register_start_link`): each function takes
the request and gives (label, url) pairs, shown as "Use this service to:" bullets.
"""

from collections.abc import Callable
from dataclasses import dataclass
from typing import Any

_ITEMS: list[tuple[int, Callable]] = []
_START_LINKS: list[tuple[int, Callable]] = []
_CONTEXTS: dict[str, Callable] = {}
# Which context each registered item function belongs to (absent: none).
_ITEM_CONTEXTS: dict[Callable, str] = {}


@dataclass(frozen=True)
class NavigationContext:
    """What the person is working for: `name` is shown above the page, `switch_url` (None
    when there is nothing to switch to) leads to the list to choose from, and `obj` is given
    to the context's navigation items."""

    name: str
    obj: Any
    switch_url: str | None = None
    switch_label: str = ""


def _registrar(registry, order):
    def decorator(func):
        if all(existing is not func for _, existing in registry):
            registry.append((order, func))
            registry.sort(key=lambda item: item[0])
        return func

    return decorator


def register_navigation(order: int = 100, *, context: str | None = None):
    """Decorate `func(user) -> [(label, url), ...]`: items of the service navigation.

    With `context="name"` the function is `func(user, obj)` and is called only when that
    navigation context resolves for the request, with its `obj`."""
    register = _registrar(_ITEMS, order)

    def decorator(func):
        if context is not None:
            _ITEM_CONTEXTS[func] = context
        return register(func)

    return decorator


def register_navigation_context(name: str):
    """Decorate `func(request) -> NavigationContext | None`, the context named `name`."""

    def decorator(func):
        existing = _CONTEXTS.get(name)
        if existing is not None and existing is not func:
            raise ValueError(f"The navigation context {name!r} is registered twice.")
        _CONTEXTS[name] = func
        return func

    return decorator


def navigation_contexts(request) -> dict[str, NavigationContext]:
    """The contexts that resolve for this request, by name (resolved once, then kept)."""
    cached = getattr(request, "_navigation_contexts", None)
    if cached is None:
        cached = {}
        for name, func in _CONTEXTS.items():
            resolved = func(request)
            if resolved is not None:
                cached[name] = resolved
        request._navigation_contexts = cached
    return cached


def register_start_link(order: int = 100):
    """Decorate `func(request) -> [(label, url), ...]`: links on the public start page."""
    return _registrar(_START_LINKS, order)


def navigation_items(user, request=None) -> list[tuple[str, str]]:
    """Every registered item the user sees, in order: [(label, url), ...]. Items of a
    context need the request (without one they are left out)."""
    contexts = navigation_contexts(request) if request is not None else {}
    items = []
    for _order, func in _ITEMS:
        context = _ITEM_CONTEXTS.get(func)
        if context is None:
            items.extend(func(user))
        elif context in contexts:
            items.extend(func(user, contexts[context].obj))
    return items


def start_links(request) -> list[tuple[str, str]]:
    """Every registered start-page link, in order: [(label, url), ...]."""
    return [item for _order, func in _START_LINKS for item in func(request)]
