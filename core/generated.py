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
exception is retried a few times and then reported with a general message.
"""

import json
from collections.abc import Callable
from dataclasses import dataclass
from datetime import timedelta
from functools import partial
from typing import Any, BinaryIO, NamedTuple

from django.conf import settings
from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

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


_GENERATORS: dict[str, Generator] = {}


def generator_register(
    kind: str,
    *,
    label,
    generate,
    can_request,
    clean_parameters=no_parameters,
    offered=False,
) -> Generator:
    generator = Generator(
        kind=kind,
        label=label,
        generate=generate,
        can_request=can_request,
        clean_parameters=clean_parameters,
        offered=offered,
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


def generated_file_request(*, kind: str, parameters: dict, requested_by) -> GeneratedFile:
    """Record a request and queue it once the transaction commits.

    An identical request that is still waiting to start is returned instead of a second
    one (it will read the same data), so a double click queues one job.
    """
    from core.tasks import generated_file_generate

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
        generated = GeneratedFile.objects.create(
            kind=kind, parameters=parameters, requested_by=requested_by
        )
        transaction.on_commit(partial(generated_file_generate.delay, generated.pk))
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


def generated_file_run(*, generated_file_id: int) -> GeneratedFile | None:
    """Make the file, unless it is already made or failed (then return None).

    Exceptions from the generator propagate: the task decides whether to try again.
    """
    generated = generated_file_transition(
        generated_file_id=generated_file_id, to=Status.RUNNING, change=_start
    )
    if generated is None:
        return None
    generator = generator_get(generated.kind)
    if generator is None:
        raise GenerationError(UNKNOWN_KIND_MESSAGE)
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


def generated_file_retry_later(*, generated_file_id: int) -> GeneratedFile | None:
    return generated_file_transition(generated_file_id=generated_file_id, to=Status.QUEUED)


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


def register_file_owner() -> None:
    """The person who asked for a generated file may download it until it expires."""
    file_owner_register(GeneratedFile, field="file", can_view=generated_file_can_view)
