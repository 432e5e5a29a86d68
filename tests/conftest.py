"""Fixtures every app's tests share: reference data, a real Celery worker, query bounds."""

import pytest

from tests.harness.celery_worker import celery_worker_process  # noqa: F401  (fixture)


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
    from core.extensions import app_modules

    for _app, reference in app_modules("reference"):
        reference.ensure()
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
