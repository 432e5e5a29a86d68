"""Fixtures every app's tests share: reference data, a real Celery worker, query bounds."""

import pytest

from tests.harness.celery_worker import celery_worker_process  # noqa: F401  (fixture)


@pytest.fixture(autouse=True)
def _reference_data(request):
    """Transactional tests flush every table, including the rows migrations loaded.

    Reload them before any database test so the order tests run in never matters.
    """
    if request.node.get_closest_marker("django_db") is None:
        yield
        return
    request.getfixturevalue("_django_db_helper")
    from core.reference import ensure_reference_data

    ensure_reference_data()
    yield
