"""Apps plug in from their own folders: core finds their modules in one order."""

from pathlib import Path

import pytest

from core import demo, extensions
from core.extensions import app_module, app_modules, project_apps
from tests.permissions import test_matrix

ROOT = Path(__file__).resolve().parent.parent.parent


def test_the_project_apps_come_in_dependency_order():
    assert project_apps() == ["core", "plans", "providers", "funding", "commissioning", "grants"]


def test_the_demo_and_the_permission_matrix_use_that_order():
    assert project_apps() == demo.DEMO_APPS
    assert project_apps() == test_matrix.APPS


def test_an_app_without_the_module_has_none_and_the_others_come_in_order():
    assert app_module("grants", "no_such_module") is None
    found = [app for app, _module in app_modules("demo_data")]
    assert {"core", "plans", "providers"} <= set(found)
    assert found == [app for app in project_apps() if app in found]


def test_an_error_inside_an_apps_module_is_raised_not_taken_for_no_module(monkeypatch):
    def broken(name):
        raise ModuleNotFoundError("No module named 'missing_dependency'", name="missing_dependency")

    monkeypatch.setattr(extensions.importlib, "import_module", broken)
    with pytest.raises(ModuleNotFoundError, match="missing_dependency"):
        app_module("plans", "bench")


def test_core_names_no_domain_app_where_apps_plug_in():
    for module in ("context_processors", "demo", "health", "reference", "benchmark"):
        source = (ROOT / "core" / f"{module}.py").read_text()
        for app in ("plans", "providers", "funding", "commissioning", "grants"):
            assert f"{app}." not in source, f"core/{module}.py names {app}"
    assert "import config" not in (ROOT / "core" / "health.py").read_text()
    assert "from config" not in (ROOT / "core" / "health.py").read_text()
