"""A real Celery worker for end-to-end tests.

The worker is a separate process that reads tasks from Redis and writes to the same test
database as the test, so tests that use it must commit: mark them
`@pytest.mark.django_db(transaction=True)`. Each xdist worker has its own Redis database and
queues (the default one and e-mail's, config/settings/test.py), so two test processes never
take each other's tasks; the worker started here consumes both.
"""

import contextlib
import os
import subprocess
import sys
import time
from pathlib import Path

import kombu.pools
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


def worker_queues() -> list[str]:
    """This xdist worker's queues: the default one and e-mail's (config/settings/test.py)."""
    return [settings.CELERY_TASK_DEFAULT_QUEUE, settings.CELERY_EMAIL_QUEUE]


@contextlib.contextmanager
def celery_worker_running(*, pool="solo", include=(), name="worker"):
    """Run `celery worker` against the test database until the block ends.

    `pool="prefork"` (one child) for tests that kill a pool child or rely on time limits
    (the solo pool enforces none); `include` names modules the worker imports at start, such
    as test-only kinds of generated file.
    """
    from config.celery import app

    env = {
        **os.environ,
        "DJANGO_SETTINGS_MODULE": "config.settings.test",
        "DATABASE_URL": _database_url_for(connection.settings_dict["NAME"]),
        "PYTEST_XDIST_WORKER": os.environ.get("PYTEST_XDIST_WORKER", "gw0"),
    }
    hostname = f"{settings.CELERY_TASK_DEFAULT_QUEUE}-{name}-{os.getpid()}@localhost"
    command = [
        sys.executable,
        "-m",
        "celery",
        "-A",
        "config",
        "worker",
        "--pool",
        pool,
        "--queues",
        ",".join(worker_queues()),
        "--hostname",
        hostname,
        "--loglevel",
        "WARNING",
        "--without-gossip",
        "--without-mingle",
        "--without-heartbeat",
    ]
    if pool == "prefork":
        command += ["--concurrency", "1"]
    if include:
        command += ["--include", ",".join(include)]
    # Tasks left over from an earlier run must not run against this test's data.
    for queue in worker_queues():
        with app.connection_for_write() as conn:
            conn.default_channel.queue_purge(queue)
    process = subprocess.Popen(command, env=env, cwd=ROOT)
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


@pytest.fixture
def celery_worker_process(transactional_db):
    """Start `celery worker` (solo pool) against the test database; stop it after the test."""
    with celery_worker_running() as process:
        yield process


CLOSED_PORT_URL = "redis://127.0.0.1:1/0"


@contextlib.contextmanager
def redis_unreachable_in_this_process():
    """Point the broker, the result backend and the cache at a port nothing listens on, for
    this process only: the shared test Redis keeps running for the other test worker and
    for any real worker started afterwards."""
    from django.test import override_settings

    from config.celery import app
    from core.broker import broker_unpause

    conf = app.conf
    previous = (conf.broker_url, conf.result_backend)
    caches = {"default": {**settings.CACHES["default"], "LOCATION": CLOSED_PORT_URL}}

    def reconnect():
        # Connections, producers and the result backend are made once and kept (some in
        # kombu's global pools): drop them all, so the next use connects to the new URL.
        # Not app.close(): it also deregisters the app, and a task module first imported
        # afterwards (commissioning.tasks, say) then never registers its tasks on it.
        app._pool = None
        app.amqp._producer_pool = None
        kombu.pools.reset()
        app._backend_cache = None
        app._local.__dict__.pop("backend", None)

    conf.broker_url = conf.result_backend = CLOSED_PORT_URL
    reconnect()
    try:
        with override_settings(REDIS_URL=CLOSED_PORT_URL, CACHES=caches):
            yield
    finally:
        conf.broker_url, conf.result_backend = previous
        reconnect()
        # Sends paused after the outage's failures (core.broker) resume at once.
        broker_unpause()
