"""Handing tasks to the broker from a request: after the commit, best effort, never slow.

The database rows (QueuedEmail, GeneratedFile) are what must happen; a task sent after the
commit only makes it happen sooner, and beat's sweeps send whatever did not arrive
(docs/adr/0010-e-mail-is-delivered-at-least-once.md). So a send is tried once (no publish
retries), and after a failure this process stops trying for `PAUSE_AFTER_FAILURE` seconds:
with Redis hung rather than refusing connections, each try costs a socket timeout, and
every page of an outage would pay it.
"""

import logging
import time

from django.db import transaction

logger = logging.getLogger(__name__)

PAUSE_AFTER_FAILURE = 30.0

_paused_until = 0.0


def broker_send(task, *, args=(), kwargs=None, **options) -> bool:
    """Send `task` now, once; return whether it was handed over. Raises the broker's error
    (after pausing further sends), so that callers and logs see it."""
    global _paused_until
    if time.monotonic() < _paused_until:
        logger.warning("broker paused after a failure: %s left for the sweep", task.name)
        return False
    try:
        task.apply_async(args=args, kwargs=kwargs or {}, retry=False, **options)
    except Exception:
        _paused_until = time.monotonic() + PAUSE_AFTER_FAILURE
        raise
    return True


def broker_send_after_commit(task, *, args=(), kwargs=None, **options) -> None:
    """Send `task` once the current transaction commits; a failure is logged, not raised
    (robust=True), so the person's page answers as usual."""

    def send():
        broker_send(task, args=args, kwargs=kwargs, **options)

    # A named function, not a partial: Django logs a failed callback by its __qualname__.
    transaction.on_commit(send, robust=True)


def broker_unpause() -> None:
    """Try the broker again at the next send (tests; a process that knows it is back)."""
    global _paused_until
    _paused_until = 0.0
