"""Fixtures every app's tests share: reference data, personas, tasks run in this process, a
real Celery worker."""

import pytest

from tests.harness.celery_worker import celery_worker_process  # noqa: F401  (fixture)

# Modules that build their personas and objects once (a module-scoped fixture inside a
# transaction rolled back at the end). Run first: pytest-xdist hands out the first quarter of
# the tests one by one to each process in turn, so each process gets one unbroken share of
# these and builds their world once, not again each time its share resumes.
BUILT_ONCE = ("tests.permissions.test_matrix", "tests.core.test_home_queries")


@pytest.hookimpl(trylast=True)
def pytest_collection_modifyitems(items):
    """After pytest-randomly's shuffle: BUILT_ONCE's tests first, each module together; the
    rest keep their (random) order."""
    items.sort(
        key=lambda item: (
            BUILT_ONCE.index(item.module.__name__)
            if item.module and item.module.__name__ in BUILT_ONCE
            else len(BUILT_ONCE)
        )
    )


@pytest.fixture(scope="session")
def django_db_setup(django_db_setup, django_db_blocker):
    """pytest-django's test database, and before it is dropped, every other session on it
    ended: a live server's request thread can keep its connection past the last test, and
    PostgreSQL refuses to drop a database in use ("being accessed by other users")."""
    yield
    from django.db import connection

    with django_db_blocker.unblock(), connection.cursor() as cursor:
        cursor.execute(
            "SELECT pg_terminate_backend(pid) FROM pg_stat_activity"
            " WHERE datname = current_database() AND pid <> pg_backend_pid()"
        )


@pytest.fixture(autouse=True)
def _reference_data(request):
    """Transactional tests flush every table, including the rows migrations loaded.

    Reload every app's (`<app>/reference.py`, `ensure()`) before any database test so the
    order tests run in never matters.
    """
    if request.node.get_closest_marker("django_db") is None:
        yield
        return
    request.getfixturevalue("_django_db_helper")
    from tests.harness.reference import reference_data_ensure

    reference_data_ensure()
    yield


@pytest.fixture
def persona_users(db):
    """Every persona's user, created on demand: persona_users["decision_maker_a"]."""
    from tests.harness.personas import PERSONAS, make_persona_user

    class Users(dict):
        def __missing__(self, key):
            self[key] = make_persona_user(PERSONAS[key])
            return self[key]

    return Users()


@pytest.fixture
def signed_in(client, persona_users):
    """A client signed in (with a verified second factor) as a persona: signed_in("site_admin")."""
    from tests.harness.personas import PERSONAS, sign_in_persona

    def sign_in(key):
        return sign_in_persona(client, PERSONAS[key], persona_users[key])

    return sign_in


@pytest.fixture
def eager_tasks():
    """Run Celery tasks in this process, at once, when they are queued (the e-mails a service
    queues at the commit then land in `mailoutbox`); their errors are raised in the test."""
    from config.celery import app as celery_app

    conf = celery_app.conf
    previous = {
        "task_always_eager": conf.task_always_eager,
        "task_eager_propagates": conf.task_eager_propagates,
    }
    conf.update(task_always_eager=True, task_eager_propagates=True)
    yield
    conf.update(previous)


@pytest.fixture
def session_clock(monkeypatch):
    """The clock sessions are judged by (core.session_expiry), held still until the test
    moves it: `session_clock(minutes=16)` makes a sign-in 16 minutes old."""
    from core import session_expiry

    now = [session_expiry.now_seconds()]
    monkeypatch.setattr(session_expiry, "now_seconds", lambda: now[0])

    def advance(*, minutes):
        now[0] += minutes * 60

    return advance
