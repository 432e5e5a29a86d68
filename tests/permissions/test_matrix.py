"""Every URL, every method, every persona: see tests/harness/matrix.py.

Speed: the personas, their signed-in sessions and every matrix object are built once per
test process, inside one transaction (`world`, module scope) that is rolled back when the
module is done. Each URL is one test in a savepoint of that transaction, and each request in
a savepoint of its own, so a POST that succeeds changes nothing the next request sees.
"""

import copy
import fnmatch
import importlib
from dataclasses import dataclass
from urllib.parse import urlsplit

import pytest
from django.contrib import admin
from django.db import transaction
from django.test import Client, RequestFactory
from django.urls import (
    NoReverseMatch,
    URLPattern,
    URLResolver,
    get_resolver,
    resolve,
    reverse,
)

from tests.harness.matrix import (
    ALL_METHODS,
    FORBIDDEN,
    LOGIN,
    NOT_FOUND,
    OK,
    VERIFY,
    app_test_module,
)
from tests.harness.personas import PERSONAS, make_persona_user, sign_in_persona
from tests.permissions.objects import Objects

REDIRECTS = (301, 302, 303, 307, 308)


def declarations():
    found = {}
    for _app, module_name in app_test_module("permissions"):
        module = importlib.import_module(module_name)
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


def test_every_url_that_takes_a_post_is_sent_valid_data_or_says_why_not():
    missing = sorted(
        name
        for name, url in DECLARED.items()
        if "POST" in url.methods and url.valid is None and not url.no_valid_post
    )
    assert not missing, f"give these `valid=` data or a `no_valid_post=` reason: {missing}"


def redirect_patterns(declared, objects):
    """The paths (fnmatch patterns) an "ok" redirect may go to."""
    if declared is None:
        return ()
    values = declared if isinstance(declared, tuple) else (declared,)
    patterns = []
    for value in values:
        if callable(value):
            value = value(objects)
        elif not value.startswith("/"):
            try:
                value = reverse(value)
            except NoReverseMatch:
                raise AssertionError(f"redirects={value!r}: not a path nor a URL name") from None
        patterns.append(value)
    return tuple(patterns)


def outcome_of(response, redirects=()):
    status = response.status_code
    if status in REDIRECTS:
        path = urlsplit(response["Location"]).path
        if path == reverse("core:sign-in"):
            return LOGIN
        if path == reverse("core:verify"):
            return VERIFY
        if any(fnmatch.fnmatchcase(path, pattern) for pattern in redirects):
            return OK
        return f"redirect to {path}"
    if 200 <= status < 300:
        return OK
    return {403: FORBIDDEN, 404: NOT_FOUND}.get(status, str(status))


def call(client, method, url, data):
    if method == "HEAD":
        response = client.head(url)
    elif method == "OPTIONS":
        response = client.options(url)
    else:
        response = getattr(client, method.lower())(url, data=data)
    # A download streams from an open file; the test client closes it once it is read.
    if response.streaming:
        b"".join(response.streaming_content)
    return response


@dataclass
class World:
    users: dict
    objects: Objects
    cookies: dict

    def client(self, persona):
        """A client with the persona's session, made once for the whole module."""
        client = Client()
        client.cookies = copy.deepcopy(self.cookies[persona])
        return client

    def request(self, persona, method, url, data):
        """One request, whose changes are rolled back when it is answered."""
        with transaction.atomic():
            response = call(self.client(persona), method, url, data)
            transaction.set_rollback(True)
        return response


@pytest.fixture(scope="module")
def world(django_db_setup, django_db_blocker):
    from core import health, session_expiry
    from tests.harness.reference import reference_data_ensure

    with (
        pytest.MonkeyPatch.context() as patch,
        django_db_blocker.unblock(),
        transaction.atomic(),
    ):
        # No worker answers here: waiting a second for one, per request, is time lost.
        patch.setattr(health, "CELERY_PING_TIMEOUT", 0.01)
        # The personas sign in once and every request is rolled back, so their sessions never
        # record activity: on a slow machine the sweep would outlast the idle limit and
        # recent_sign_in_required's 15 minutes. The session clock stands still instead
        # (tests/core/test_session_expiry.py moves it).
        signed_in_at = session_expiry.now_seconds()
        patch.setattr(session_expiry, "now_seconds", lambda: signed_in_at)
        reference_data_ensure()
        users = {key: make_persona_user(persona) for key, persona in PERSONAS.items()}
        objects = Objects(users).build_all()
        cookies = {
            key: sign_in_persona(Client(), PERSONAS[key], users[key]).cookies for key in PERSONAS
        }
        yield World(users, objects, cookies)
        transaction.set_rollback(True)


def refused(outcome):
    return outcome != OK and not outcome.startswith("redirect")


def expected_of_other_method(declaration, method, persona):
    """What a method the URL does not declare may answer: a refusal, never the page; HEAD and
    OPTIONS may also be answered for someone the URL serves."""
    served = any(declaration.expected(m, persona) == OK for m in declaration.methods)
    return "not refused" if (method in ("HEAD", "OPTIONS") and served) else "refused"


@pytest.mark.django_db
@pytest.mark.parametrize("name", sorted(DECLARED))
def test_each_persona_gets_what_the_url_declares(name, world):
    declaration = DECLARED[name]
    objects = world.objects
    url = reverse(name, kwargs=declaration.kwargs(objects))
    data = declaration.data(objects)
    redirects = redirect_patterns(declaration.redirects, objects)
    wrong = []
    for persona in PERSONAS:
        for method in ALL_METHODS:
            response = world.request(persona, method, url, data)
            got = outcome_of(response, redirects)
            if method in declaration.methods:
                expected = declaration.expected(method, persona)
                if got != expected:
                    wrong.append(f"{persona} {method}: expected {expected}, got {got}")
            elif expected_of_other_method(declaration, method, persona) == "refused":
                if not refused(got):
                    wrong.append(f"{persona} {method}: should be refused, got {got}")
            elif response.status_code >= 500:
                wrong.append(f"{persona} {method}: answered {response.status_code}")
    if declaration.valid is not None:
        allowed = [p for p in PERSONAS if declaration.expected("POST", p) == OK]
        assert allowed, f"{name}: valid data, but no persona may POST"
        persona = declaration.valid_as or allowed[0]
        response = world.request(persona, "POST", url, declaration.valid(objects))
        got = outcome_of(response, redirects)
        if not (response.status_code in REDIRECTS and got == OK):
            wrong.append(
                f"{persona} POST with valid data: expected a redirect to {redirects}, got {got}"
                + (
                    f"\n{response.context['form'].errors}"
                    if response.context and response.context.get("form")
                    else ""
                )
            )
    assert not wrong, f"{url}:\n" + "\n".join(wrong)


def admin_urls(site_admin):
    """The admin's index, and each model's list, add, change and delete pages (change and
    delete for a row the matrix's objects made, where the model has one)."""
    request = RequestFactory().get("/admin/")
    request.user = site_admin
    yield reverse("admin:index")
    for model, model_admin in admin.site._registry.items():
        opts = model._meta
        prefix = f"admin:{opts.app_label}_{opts.model_name}"
        yield reverse(f"{prefix}_changelist")
        # Some records are never added by hand (e.g. axes' sign-in attempts).
        if model_admin.has_add_permission(request):
            yield reverse(f"{prefix}_add")
        row = model._default_manager.order_by("pk").first()
        if row is None:
            continue
        if model_admin.has_change_permission(request, row) or model_admin.has_view_permission(
            request, row
        ):
            yield reverse(f"{prefix}_change", args=[row.pk])
        if model_admin.has_delete_permission(request, row):
            yield reverse(f"{prefix}_delete", args=[row.pk])


@pytest.mark.django_db
@pytest.mark.parametrize("persona", list(PERSONAS))
def test_the_admin_is_for_site_admins_only(persona, world):
    from tests.core.permissions import ADMIN

    wrong = []
    for url in admin_urls(world.users["site_admin"]):
        got = outcome_of(world.request(persona, "GET", url, {}))
        if got != ADMIN[persona]:
            wrong.append(f"GET {url}: expected {ADMIN[persona]}, got {got}")
    assert not wrong, f"{persona}:\n" + "\n".join(wrong)


@pytest.mark.django_db
def test_the_admin_sweep_reaches_change_and_delete_pages(world):
    names = {resolve(url).url_name for url in admin_urls(world.users["site_admin"])}
    for model in ("core_user", "core_membership", "core_policingbody", "providers_organisation"):
        assert f"{model}_change" in names
    assert "core_membership_delete" in names
