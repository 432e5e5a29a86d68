"""The signed-in home page is built from panels that apps register.

An app adds a panel without `core` importing it: in its AppConfig.ready(),

    from core.home import register_home_panel

    @register_home_panel(order=50)
    def plans_due(request):
        if not is_office_staff(request.user):
            return None
        return HomePanel(_("Plans due"), "plans/home_panel.html", {"plans": ...})

Each panel function runs a bounded number of queries and returns None when it has nothing
for this person.
"""

from collections.abc import Callable
from dataclasses import dataclass, field

from django.http import HttpRequest


@dataclass
class HomePanel:
    title: str
    template: str
    context: dict = field(default_factory=dict)


_PANELS: list[tuple[int, Callable[[HttpRequest], HomePanel | None]]] = []


def register_home_panel(order: int = 100):
    def decorator(func):
        if all(existing is not func for _, existing in _PANELS):
            _PANELS.append((order, func))
            _PANELS.sort(key=lambda item: item[0])
        return func

    return decorator


def home_panels(request) -> list[HomePanel]:
    panels = []
    for _order, func in _PANELS:
        panel = func(request)
        if panel is not None:
            panels.append(panel)
    return panels
