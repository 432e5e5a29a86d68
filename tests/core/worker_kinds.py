"""Kinds of generated file that misbehave, registered only inside a test's Celery worker
(`celery_worker_running(include=["tests.core.worker_kinds"])`), never in the test process.

The generators look at the request's attempt count, which the worker keeps in PostgreSQL,
so "the first time" survives the pool child being killed.
"""

import os
import signal
import time

from core.generated import SOFT_LIMIT_MARGIN, generator_register, signed_in
from core.reports import policing_bodies_pdf

KILLED_ONCE = "test-killed-once"
KILLS_ALWAYS = "test-kills-always"
TOO_SLOW = "test-too-slow"


def _die():
    os.kill(os.getpid(), signal.SIGKILL)


def killed_once(request, progress):
    """Makes a real PDF, but the first run's pool child is killed before it is stored."""
    content = policing_bodies_pdf(request, progress)
    if request.attempts == 1:
        _die()
    return content


def kills_always(request, progress):
    progress(10)
    _die()


def too_slow(request, progress):
    progress(10)
    time.sleep(30)


generator_register(KILLED_ONCE, label="Killed once", generate=killed_once, can_request=signed_in)
generator_register(KILLS_ALWAYS, label="Kills", generate=kills_always, can_request=signed_in)
generator_register(
    TOO_SLOW,
    label="Too slow",
    generate=too_slow,
    can_request=signed_in,
    # Soft limit after one second, hard limit well after: the run fails with a message.
    time_limit=SOFT_LIMIT_MARGIN + 1,
)
