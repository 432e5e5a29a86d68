"""The project's apps, in one order, and the modules each may provide.

Core names no domain app. An app plugs in by adding a module to its own folder; core finds it
here, in the order INSTALLED_APPS lists the project's apps (core, plans, providers, funding,
commissioning, grants: each after the apps it depends on):

| module | what core calls |
|---|---|
| `<app>/reference.py` | `ensure()`: reload reference rows a transactional test flushed |
| `<app>/demo_data.py` | `load(*, anchor)`: the demo |
| `<app>/bench.py` | `seed(*, scale, rng)` and `pages()`: scale data and benchmark pages |

Navigation and home panels are registered from an app's `AppConfig.ready()` instead
(`core.navigation.register_navigation`, `core.home.register_home_panel`).
"""

import importlib
from pathlib import Path
from types import ModuleType

from django.apps import apps
from django.conf import settings


def project_apps() -> list[str]:
    """The labels of the project's own apps (those in this repository), in registry order."""
    root = Path(settings.BASE_DIR).resolve()
    labels = []
    for config in apps.get_app_configs():
        path = Path(config.path).resolve()
        if path.is_relative_to(root) and ".venv" not in path.parts:
            labels.append(config.label)
    return labels


def app_module(app: str, name: str) -> ModuleType | None:
    """`<app>.<name>` if the app has that module, else None.

    An import error from inside the module (a typo, a missing dependency) is raised, never
    mistaken for "the app has none".
    """
    module_name = f"{apps.get_app_config(app).name}.{name}"
    try:
        return importlib.import_module(module_name)
    except ModuleNotFoundError as error:
        if error.name != module_name:
            raise
        return None


def app_modules(name: str) -> list[tuple[str, ModuleType]]:
    """(label, module) for every project app that has `<app>.<name>`, in registry order."""
    found = []
    for app in project_apps():
        module = app_module(app, name)
        if module is not None:
            found.append((app, module))
    return found
