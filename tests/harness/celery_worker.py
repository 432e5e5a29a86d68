"""A real Celery worker for end-to-end tests.

The worker is a separate process that reads tasks from Redis and writes to the same test
database as the test, so tests that use it must commit: mark them
`@pytest.mark.django_db(transaction=True)`. Each xdist worker has its own Redis database and
queue (config/settings/test.py), so two test processes never take each other's tasks.
"""

import os
import subprocess
import sys
import time
from pathlib import Path

import pytest
from django.conf import settings
from django.db import connection

ROOT = Path(__file__).resolve().parent.parent.parent
START_TIMEOUT = 30


def _database_url_for(name: str) -> str:
    db = settings.DATABASES["default"]
    return f"postgres://{db['USER']}@{db['HOST']}:{db['PORT']}/{name}"


def wait_for(predicate, *, timeout=20.0, interval=0.1, message="condition"):
    deadline = time.monotonic() + timeout
    while time.monotonic() < deadline:
        if predicate():
            return
        time.sleep(interval)
    raise AssertionError(f"timed out after {timeout} s waiting for {message}")


@pytest.fixture
def celery_worker_process(transactional_db):
    """Start `celery worker` against the test database; stop it after the test."""
    from config.celery import app

    env = {
        **os.environ,
        "DJANGO_SETTINGS_MODULE": "config.settings.test",
        "DATABASE_URL": _database_url_for(connection.settings_dict["NAME"]),
        "PYTEST_XDIST_WORKER": os.environ.get("PYTEST_XDIST_WORKER", "gw0"),
    }
    queue = settings.CELERY_TASK_DEFAULT_QUEUE
    hostname = f"{queue}-{os.getpid()}@localhost"
    # Tasks left over from an earlier run must not run against this test's data.
    app.control.purge()
    process = subprocess.Popen(
        [
            sys.executable,
            "-m",
            "celery",
            "-A",
            "config",
            "worker",
            "--pool",
            "solo",
            "--queues",
            queue,
            "--hostname",
            hostname,
            "--loglevel",
            "WARNING",
            "--without-gossip",
            "--without-mingle",
            "--without-heartbeat",
        ],
        env=env,
        cwd=ROOT,
    )
    try:

        def answers_ping():
            if process.poll() is not None:
                raise AssertionError(f"celery worker exited with {process.returncode}")
            return bool(app.control.ping(destination=[hostname], timeout=0.5))

        wait_for(answers_ping, timeout=START_TIMEOUT, message="the Celery worker to start")
        yield process
    finally:
        process.terminate()
        try:
            process.wait(15)
        except subprocess.TimeoutExpired:
            process.kill()
            process.wait()
