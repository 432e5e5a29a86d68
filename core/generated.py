"""Files made in the background (PDF reports, CSV exports) with visible progress.

An app registers a kind once, in its AppConfig.ready():

    generator_register(
        "round-report",
        label=_("Round report (PDF)"),
        generate=round_report_generate,       # (request, progress) -> (filename, type, content)
        can_request=round_report_can_request, # (user, parameters) -> bool
        clean_parameters=round_report_parameters,  # submitted strings -> JSON-safe dict
    )

then any page asks for one with a POST to `core:generated-file-request` (the
`{% generated_file_button %}` tag writes the form), or a view calls
`generated_file_request(kind=..., parameters=..., requested_by=...)`. The requester watches
`core:generated-file` and downloads the result through `core:file-download`.

`generate` runs in a Celery worker. It calls `progress(percent)` as it goes, and raises
`GenerationError(message)` for a failure the user should read (not retried); any other
exception is retried and, after `GENERATION_MAX_ATTEMPTS` starts, reported with a general
message. A run is killed after the kind's `time_limit` seconds (set it above the measured
time of the largest file); a run that kills its worker counts as an attempt too.

The row is the request: it is committed before any task is sent, and sending is best effort
(the broker may be down). Beat's `generated_files_sweep` queues again a request still
waiting long after it was queued, and one left running past its kind's hard limit. A second
delivery of the same task is harmless: a run holds a PostgreSQL advisory lock on its
request, and the status transitions refuse to make a finished file again.
"""

import json
from collections.abc import Callable
from dataclasses import dataclass
from datetime import timedelta
from typing import Any, BinaryIO, NamedTuple

from django.conf import settings
from django.db import connection, transaction
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from core.broker import broker_send_after_commit
from core.errors import ApplicationError
from core.models import GeneratedFile, StoredFile
from core.uploads import file_owner_register, stored_file_create_generated, stored_files_delete

Status = GeneratedFile.Status

FAILED_MESSAGE = _(
    "Something went wrong while making this file. Request it again. If it fails again, "
    "contact the service's support team."
)
UNKNOWN_KIND_MESSAGE = _("This kind of file can no longer be made.")
STALE_MESSAGE = _("This file took too long to make. Request it again.")
TOO_LONG_MESSAGE = _(
    "This file took too long to make. Try asking for less (a shorter period, fewer rows), "
    "or contact the service's support team."
)
WORKER_LOST_MESSAGE = _(
    "This file could not be made: the service stopped while making it, three times. "
    "Contact the service's support team; requesting it again will not help."
)
NO_LONGER_ALLOWED_MESSAGE = _("You can no longer get this file.")
RATE_LIMITED_MESSAGE = _(
    "You have asked for %(limit)s files in the last hour, which is the most you can. "
    "Try again later."
)
# Starts of one request, counting retries and runs that killed their worker.
GENERATION_MAX_ATTEMPTS = 3
# A run is killed after its kind's hard limit; the soft limit comes this much earlier, so
# the run can fail with a message first.
DEFAULT_TIME_LIMIT = 300
SOFT_LIMIT_MARGIN = 15
# A request still waiting this long after its task was sent is queued again: the broker was
# down when it was made, or lost the message.
SWEEP_WAITING_AFTER = timedelta(minutes=5)
# A request running this long past its kind's hard limit lost its worker.
SWEEP_RUNNING_GRACE = timedelta(minutes=2)
# The namespace of the advisory locks runs hold (pg_try_advisory_lock(namespace, id)).
RUN_LOCK_NAMESPACE = 73_1101
# A request still waiting or running this long after it was made has been lost (a worker
# died, the broker lost the message): it is failed so that its page stops refreshing.
STALE_AFTER = timedelta(hours=6)
EXPIRE_BATCH = 500


class GenerationError(ApplicationError):
    """A generator's failure whose message the requester should read. Not retried."""


# Errors are named for what happened (docs/architecture.md: `PlanFrozen`), not suffixed "Error".
class GeneratedFileKindUnknown(ApplicationError):  # noqa: N818
    pass


class GeneratedFileNotAllowed(ApplicationError):  # noqa: N818
    pass


class GeneratedFileRateLimited(ApplicationError):  # noqa: N818
    pass


class GeneratedContent(NamedTuple):
    filename: str
    content_type: str
    content: bytes | BinaryIO


# --- The registry of generators -----------------------------------------------------------


def signed_in(user, parameters) -> bool:
    return user.is_authenticated and user.is_active


def no_parameters(submitted: dict) -> dict:
    return {}


@dataclass(frozen=True)
class Generator:
    kind: str
    label: str
    generate: Callable[[GeneratedFile, Callable[[int], None]], Any]
    can_request: Callable[[Any, dict], bool]
    clean_parameters: Callable[[dict], dict]
    # Offered as a button on the "Your files" page (only for kinds without parameters).
    offered: bool
    # Seconds after which a run is killed (Celery's hard time limit).
    time_limit: int = DEFAULT_TIME_LIMIT

    @property
    def soft_time_limit(self) -> int:
        return max(1, self.time_limit - SOFT_LIMIT_MARGIN)


_GENERATORS: dict[str, Generator] = {}


def generator_register(
    kind: str,
    *,
    label,
    generate,
    can_request,
    clean_parameters=no_parameters,
    offered=False,
    time_limit=DEFAULT_TIME_LIMIT,
) -> Generator:
    """Register a kind of file; a kind registered twice is a mistake and raises."""
    if kind in _GENERATORS:
        raise ValueError(f"the generated-file kind {kind!r} is already registered")
    generator = Generator(
        kind=kind,
        label=label,
        generate=generate,
        can_request=can_request,
        clean_parameters=clean_parameters,
        offered=offered,
        time_limit=time_limit,
    )
    _GENERATORS[kind] = generator
    return generator


def generator_unregister(kind: str) -> None:
    _GENERATORS.pop(kind, None)


def generator_get(kind: str) -> Generator | None:
    return _GENERATORS.get(kind)


def generators_offered_to(user) -> list[Generator]:
    return [
        generator
        for generator in _GENERATORS.values()
        if generator.offered and generator.can_request(user, {})
    ]


def generated_file_label(generated: GeneratedFile) -> str:
    generator = generator_get(generated.kind)
    return generator.label if generator else generated.kind


# --- Reads --------------------------------------------------------------------------------


def generated_files_visible_to(*, user):
    """A person sees only the files they asked for."""
    if not user.is_authenticated:
        return GeneratedFile.objects.none()
    return GeneratedFile.objects.filter(requested_by=user).select_related("file")


def generated_file_can_view(user, generated: GeneratedFile) -> bool:
    """Registered as the owner check of a generated file's StoredFile."""
    return generated.requested_by_id == user.pk and not generated.is_expired


# --- Writes -------------------------------------------------------------------------------


def _send_task_after_commit(generated_file_id: int, kind: str) -> None:
    """Hand a request to a worker after the commit, best effort (core.broker): with the
    broker down the sweep sends it later, and the person's page answers as usual."""
    from core.tasks import generated_file_generate

    generator = generator_get(kind)
    time_limit = generator.time_limit if generator else DEFAULT_TIME_LIMIT
    broker_send_after_commit(
        generated_file_generate,
        args=[generated_file_id],
        time_limit=time_limit,
        soft_time_limit=max(1, time_limit - SOFT_LIMIT_MARGIN),
    )


def generated_file_request(*, kind: str, parameters: dict, requested_by) -> GeneratedFile:
    """Record a request and queue it once the transaction commits.

    An identical request that is still waiting to start is returned instead of a second
    one (it will read the same data), so a double click queues one job. A person may ask
    for at most GENERATED_FILE_REQUESTS_PER_HOUR files an hour (counted here, in PostgreSQL).
    """
    generator = generator_get(kind)
    if generator is None:
        raise GeneratedFileKindUnknown(UNKNOWN_KIND_MESSAGE)
    parameters = generator.clean_parameters(dict(parameters or {}))
    json.dumps(parameters)  # TypeError now, not in the worker, if it is not JSON-safe
    if not generator.can_request(requested_by, parameters):
        raise GeneratedFileNotAllowed(_("You cannot request this file."))
    with transaction.atomic():
        waiting = GeneratedFile.objects.filter(
            requested_by=requested_by,
            kind=kind,
            parameters=parameters,
            status=Status.QUEUED,
            attempts=0,
        ).first()
        if waiting is not None:
            return waiting
        limit = settings.GENERATED_FILE_REQUESTS_PER_HOUR
        recent = GeneratedFile.objects.filter(
            requested_by=requested_by, created_at__gt=timezone.now() - timedelta(hours=1)
        )
        if recent.count() >= limit:
            raise GeneratedFileRateLimited(RATE_LIMITED_MESSAGE % {"limit": limit})
        generated = GeneratedFile.objects.create(
            kind=kind, parameters=parameters, requested_by=requested_by
        )
        _send_task_after_commit(generated.pk, generated.kind)
    return generated


# Which status may follow which. RUNNING -> RUNNING is a task delivered again after its
# worker was lost mid-run; RUNNING -> QUEUED is a retry.
TRANSITIONS = {
    Status.QUEUED: {Status.RUNNING, Status.FAILED},
    Status.RUNNING: {Status.RUNNING, Status.QUEUED, Status.DONE, Status.FAILED},
    Status.DONE: set(),
    Status.FAILED: set(),
}


def generated_file_transition(
    *, generated_file_id: int, to: str, change: Callable[[GeneratedFile], None] | None = None
) -> GeneratedFile | None:
    """Move a request to status `to`, or return None when that move is not allowed now.

    Locks the row, so a retry, a second delivery of the task and the stale-request sweep
    see one another's changes rather than overwrite them.
    """
    with transaction.atomic():
        generated = GeneratedFile.objects.select_for_update().filter(pk=generated_file_id).first()
        if generated is None or to not in TRANSITIONS[generated.status]:
            return None
        generated.status = to
        if change is not None:
            change(generated)
        generated.save()
    return generated


def _start(generated):
    generated.attempts += 1
    generated.progress = 0
    generated.started_at = timezone.now()


def _progress_saver(generated: GeneratedFile) -> Callable[[int], None]:
    def progress(percent: int) -> None:
        # 100 means done, which only completing the request may say; progress never goes back.
        value = max(0, min(99, int(percent)))
        if value > generated.progress:
            GeneratedFile.objects.filter(
                pk=generated.pk, status=Status.RUNNING, progress__lt=value
            ).update(progress=value)
            generated.progress = value

    return progress


class _RunLock:
    """A session-level advisory lock on one request, held while a run makes it.

    A second delivery of the task (the sweep queued it again, the broker delivered it twice)
    finds the lock taken and leaves the request to the run in progress. When a worker dies,
    PostgreSQL drops its connection and with it the lock, so a redelivery can start.
    """

    def __init__(self, generated_file_id: int):
        self.key = (RUN_LOCK_NAMESPACE, generated_file_id % 2**31)
        self.held = False

    def __enter__(self) -> bool:
        with connection.cursor() as cursor:
            cursor.execute("SELECT pg_try_advisory_lock(%s, %s)", self.key)
            self.held = cursor.fetchone()[0]
        return self.held

    def __exit__(self, *exc_info):
        if self.held:
            with connection.cursor() as cursor:
                cursor.execute("SELECT pg_advisory_unlock(%s, %s)", self.key)


def generated_file_run(*, generated_file_id: int) -> GeneratedFile | None:
    """Make the file, unless it is already made or failed, or another run is making it
    right now (then return None).

    Exceptions from the generator propagate: the task decides whether to try again.
    """
    with _RunLock(generated_file_id) as held:
        if not held:
            return None
        return _run(generated_file_id)


def _run(generated_file_id: int) -> GeneratedFile | None:
    before = GeneratedFile.objects.filter(pk=generated_file_id).values("status", "attempts")
    before = before.first()
    if before is None or before["status"] not in (Status.QUEUED, Status.RUNNING):
        return None
    if before["attempts"] >= GENERATION_MAX_ATTEMPTS:
        # Every earlier start ended without a word (each killed its worker, or was killed
        # at its hard limit): a fourth would only do it again.
        raise GenerationError(WORKER_LOST_MESSAGE)
    generated = generated_file_transition(
        generated_file_id=generated_file_id, to=Status.RUNNING, change=_start
    )
    if generated is None:
        return None
    generator = generator_get(generated.kind)
    if generator is None:
        raise GenerationError(UNKNOWN_KIND_MESSAGE)
    # Asked again: the person may have lost the role since the request was made.
    if not generator.can_request(generated.requested_by, generated.parameters):
        raise GenerationError(NO_LONGER_ALLOWED_MESSAGE)
    result = GeneratedContent(*generator.generate(generated, _progress_saver(generated)))
    stored = stored_file_create_generated(
        content=result.content, filename=result.filename, content_type=result.content_type
    )

    def finish(generated):
        generated.progress = 100
        generated.file = stored
        generated.error_message = ""
        generated.finished_at = timezone.now()
        generated.expires_at = generated.finished_at + timedelta(
            hours=settings.GENERATED_FILE_TTL_HOURS
        )

    with transaction.atomic():
        done = generated_file_transition(
            generated_file_id=generated_file_id, to=Status.DONE, change=finish
        )
        if done is None:
            # Another delivery of the task finished first, or the request was failed as
            # stale meanwhile: keep theirs, drop ours.
            stored_files_delete([stored])
    return done


def generated_file_retry_later(*, generated_file_id: int, delay: int = 0) -> GeneratedFile | None:
    """Put a request that failed back in the queue, or return None when it has had all its
    attempts (or is no longer running)."""
    current = GeneratedFile.objects.filter(pk=generated_file_id).values("attempts").first()
    if current is None or current["attempts"] >= GENERATION_MAX_ATTEMPTS:
        return None

    def requeue(generated):
        generated.queued_at = timezone.now() + timedelta(seconds=delay)

    return generated_file_transition(
        generated_file_id=generated_file_id, to=Status.QUEUED, change=requeue
    )


def generated_file_fail(*, generated_file_id: int, reason: str) -> GeneratedFile | None:
    def fail(generated):
        generated.error_message = str(reason)
        generated.finished_at = timezone.now()
        generated.expires_at = generated.finished_at + timedelta(
            hours=settings.GENERATED_FILE_TTL_HOURS
        )

    return generated_file_transition(
        generated_file_id=generated_file_id, to=Status.FAILED, change=fail
    )


def generated_files_expire(*, now=None) -> int:
    """Delete the files of expired requests (the rows stay, shown as expired) and generated
    files nothing holds, and fail requests that have waited too long. Returns the number of
    files deleted."""
    now = now or timezone.now()
    deleted = 0
    while True:
        with transaction.atomic():
            # skip_locked: a request being completed right now is left for the next run.
            expired = list(
                GeneratedFile.objects.select_for_update(skip_locked=True, of=("self",))
                .filter(expires_at__lte=now, file__isnull=False)
                .select_related("file")[:EXPIRE_BATCH]
            )
            deleted += stored_files_delete([generated.file for generated in expired])
        if len(expired) < EXPIRE_BATCH:
            break
    # Generated files no request holds any more (its requester's account was deleted, or a
    # second delivery of the task lost the race). The hour's grace covers a run that has
    # stored its file but not yet marked its request done.
    with transaction.atomic():
        orphans = StoredFile.objects.filter(
            file__startswith="generated/", uploaded_at__lte=now - timedelta(hours=1)
        ).exclude(pk__in=GeneratedFile.objects.filter(file__isnull=False).values("file"))
        deleted += stored_files_delete(orphans[:EXPIRE_BATCH])
    stale = GeneratedFile.objects.filter(
        status__in=[Status.QUEUED, Status.RUNNING], created_at__lte=now - STALE_AFTER
    ).values_list("pk", flat=True)
    for generated_file_id in stale:
        generated_file_fail(generated_file_id=generated_file_id, reason=STALE_MESSAGE)
    return deleted


def generated_files_sweep(*, now=None) -> int:
    """Queue again the requests whose task was lost; returns how many were sent.

    - waiting long after their task was sent: the broker was down at the commit, or lost it;
    - running past their kind's hard time limit: the worker died and the broker has not
      given the task back (Redis does so only after its visibility timeout).
    A request that has had all its attempts is failed instead. Sending twice is harmless
    (see the module's docstring).
    """
    now = now or timezone.now()
    waiting = GeneratedFile.objects.filter(
        status=Status.QUEUED, queued_at__lte=now - SWEEP_WAITING_AFTER
    ).values_list("pk", "kind")
    shortest = min(
        [generator.time_limit for generator in _GENERATORS.values()] + [DEFAULT_TIME_LIMIT]
    )
    running = GeneratedFile.objects.filter(
        status=Status.RUNNING,
        started_at__lte=now - timedelta(seconds=shortest) - SWEEP_RUNNING_GRACE,
    ).values_list("pk", "kind", "started_at")
    sent = 0
    for generated_file_id, kind in waiting:
        with transaction.atomic():
            moved = GeneratedFile.objects.filter(
                pk=generated_file_id, status=Status.QUEUED, queued_at__lte=now - SWEEP_WAITING_AFTER
            ).update(queued_at=now)
            if moved:
                _send_task_after_commit(generated_file_id, kind)
                sent += 1
    for generated_file_id, kind, started_at in running:
        generator = generator_get(kind)
        limit = timedelta(seconds=generator.time_limit if generator else DEFAULT_TIME_LIMIT)
        if started_at > now - limit - SWEEP_RUNNING_GRACE:
            continue
        requeued = generated_file_retry_later(generated_file_id=generated_file_id)
        if requeued is None:
            generated_file_fail(generated_file_id=generated_file_id, reason=WORKER_LOST_MESSAGE)
            continue
        _send_task_after_commit(generated_file_id, kind)
        sent += 1
    return sent


def register_file_owner() -> None:
    """The person who asked for a generated file may download it until it expires."""
    file_owner_register(GeneratedFile, field="file", can_view=generated_file_can_view)
