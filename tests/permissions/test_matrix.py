"""Every URL, every method, every persona: see tests/harness/matrix.py."""

import importlib
from pathlib import Path
from urllib.parse import urlsplit

import pytest
from django.contrib import admin
from django.test import Client, RequestFactory
from django.urls import URLPattern, URLResolver, get_resolver, reverse

from core.extensions import project_apps
from tests.harness.matrix import ALL_METHODS, FORBIDDEN, LOGIN, NOT_FOUND, OK, VERIFY
from tests.harness.personas import PERSONAS, sign_in_persona
from tests.permissions.objects import Objects

TESTS = Path(__file__).resolve().parent.parent
# The project's apps, in the app registry's order (core.extensions).
APPS = project_apps()


def declarations():
    found = {}
    for app in APPS:
        if not (TESTS / app / "permissions.py").exists():
            continue
        module = importlib.import_module(f"tests.{app}.permissions")
        for url in module.DECLARATIONS:
            assert url.name not in found, f"{url.name} is declared twice"
            found[url.name] = url
    return found


def url_names(patterns=None, namespace=None):
    """Every named URL of the project except the admin's (declared once, below)."""
    for pattern in patterns if patterns is not None else get_resolver().url_patterns:
        if isinstance(pattern, URLResolver):
            if pattern.namespace == "admin":
                continue
            inner = pattern.namespace or namespace
            if pattern.namespace and namespace:
                inner = f"{namespace}:{pattern.namespace}"
            yield from url_names(pattern.url_patterns, inner)
        elif isinstance(pattern, URLPattern) and pattern.name:
            yield f"{namespace}:{pattern.name}" if namespace else pattern.name


DECLARED = declarations()


def test_every_url_is_declared():
    undeclared = sorted(set(url_names()) - set(DECLARED))
    assert not undeclared, f"declare these in tests/<app>/permissions.py: {undeclared}"
    stale = sorted(set(DECLARED) - set(url_names()))
    assert not stale, f"declared but no longer exist: {stale}"


def outcome_of(response):
    status = response.status_code
    if status in (301, 302, 303, 307, 308):
        path = urlsplit(response["Location"]).path
        if path == reverse("core:sign-in"):
            return LOGIN
        if path == reverse("core:verify"):
            return VERIFY
        return OK
    if 200 <= status < 300:
        return OK
    return {403: FORBIDDEN, 404: NOT_FOUND}.get(status, str(status))


def call(client, method, url, data):
    response = getattr(client, method.lower())(url, data=data)
    # A download streams from an open file; the test client closes it once it is read.
    if response.streaming:
        b"".join(response.streaming_content)
    return response


@pytest.fixture
def objects(persona_users):
    return Objects(persona_users)


@pytest.mark.django_db
@pytest.mark.parametrize("persona", list(PERSONAS))
@pytest.mark.parametrize("name", sorted(DECLARED))
def test_each_persona_gets_what_the_url_declares(name, persona, objects, persona_users):
    declaration = DECLARED[name]
    url = reverse(name, kwargs=declaration.kwargs(objects))
    data = declaration.data(objects)
    user = persona_users[persona]
    for method in ALL_METHODS:
        client = sign_in_persona(Client(), PERSONAS[persona], user)
        response = call(client, method, url, data)
        got = outcome_of(response)
        if method in declaration.methods:
            expected = declaration.expected(method, persona)
            assert got == expected, f"{persona} {method} {url}: expected {expected}, got {got}"
        else:
            assert got != OK, f"{persona} {method} {url} should be refused, got {got}"


def admin_urls(site_admin):
    request = RequestFactory().get("/admin/")
    request.user = site_admin
    for model, model_admin in admin.site._registry.items():
        opts = model._meta
        yield f"admin:{opts.app_label}_{opts.model_name}_changelist"
        # Some records are never added by hand (e.g. axes' sign-in attempts).
        if model_admin.has_add_permission(request):
            yield f"admin:{opts.app_label}_{opts.model_name}_add"


@pytest.mark.django_db
@pytest.mark.parametrize("persona", list(PERSONAS))
def test_the_admin_is_for_site_admins_only(persona, persona_users):
    from tests.core.permissions import ADMIN

    client = sign_in_persona(Client(), PERSONAS[persona], persona_users[persona])
    names = ["admin:index", *admin_urls(persona_users["site_admin"])]
    for name in names:
        got = outcome_of(client.get(reverse(name)))
        assert got == ADMIN[persona], f"{persona} GET {name}: expected {ADMIN[persona]}, got {got}"
