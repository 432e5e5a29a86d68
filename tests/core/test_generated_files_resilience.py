"""Generated files survive lost tasks, dead workers and people who lose their role."""

import threading
from datetime import timedelta

import pytest
from django.db import connections
from django.urls import reverse
from django.utils import timezone

from core import tasks
from core.generated import (
    DEFAULT_TIME_LIMIT,
    GENERATION_MAX_ATTEMPTS,
    NO_LONGER_ALLOWED_MESSAGE,
    RUN_LOCK_NAMESPACE,
    SWEEP_RUNNING_GRACE,
    SWEEP_WAITING_AFTER,
    TOO_LONG_MESSAGE,
    WORKER_LOST_MESSAGE,
    GeneratedContent,
    GeneratedFileRateLimited,
    generated_file_request,
    generated_files_sweep,
    generator_register,
    generator_unregister,
    signed_in,
)
from core.models import GeneratedFile, StoredFile
from core.uploads import file_owner_register, stored_files_delete
from tests.core import worker_kinds
from tests.core.factories import GeneratedFileFactory, UserFactory
from tests.harness.celery_worker import celery_worker_running, wait_for

Status = GeneratedFile.Status


@pytest.fixture
def private_media(settings, tmp_path):
    settings.STORAGES = {
        **settings.STORAGES,
        "default": {**settings.STORAGES["default"], "OPTIONS": {"location": str(tmp_path)}},
    }
    return tmp_path


@pytest.fixture
def register_kind():
    kinds = []

    def register(kind, **options):
        kinds.append(kind)
        options.setdefault("can_request", signed_in)
        return generator_register(kind, label=f"Test file {kind}", **options)

    yield register
    for kind in kinds:
        generator_unregister(kind)


@pytest.fixture
def sent(monkeypatch):
    """The tasks handed to the broker, with their time limits, instead of sending them."""
    calls = []

    def apply_async(args, **options):
        limits = {name: options[name] for name in ("time_limit", "soft_time_limit")}
        calls.append((args[0], limits))

    monkeypatch.setattr(tasks.generated_file_generate, "apply_async", apply_async)
    return calls


def run_task(generated):
    tasks.generated_file_generate.apply(args=[generated.pk])
    generated.refresh_from_db()
    return generated


# --- Registration -------------------------------------------------------------------------


def test_registering_a_kind_twice_raises(register_kind):
    register_kind("twice", generate=None)
    with pytest.raises(ValueError, match="already registered"):
        generator_register("twice", label="Again", generate=None, can_request=signed_in)


def test_registering_a_file_owner_twice_raises():
    with pytest.raises(ValueError, match="already registered"):
        file_owner_register(GeneratedFile, field="file", can_view=lambda user, obj: True)


# --- The worker asks again ------------------------------------------------------------------


@pytest.mark.django_db
def test_the_worker_refuses_a_file_the_person_may_no_longer_request(register_kind):
    calls = []

    def generate(request, progress):
        calls.append(request.pk)
        return GeneratedContent("a.csv", "text/csv", b"a")

    register_kind("staff-report", generate=generate, can_request=lambda user, p: user.is_staff)
    staff = UserFactory(is_staff=True)
    generated = GeneratedFileFactory(kind="staff-report", requested_by=staff)
    staff.is_staff = False
    staff.save()
    generated = run_task(generated)
    assert calls == []
    assert generated.status == Status.FAILED
    assert generated.error_message == str(NO_LONGER_ALLOWED_MESSAGE)


# --- Time limits and attempts ----------------------------------------------------------------


@pytest.mark.django_db
def test_a_request_is_sent_with_its_kinds_time_limits(
    register_kind, sent, django_capture_on_commit_callbacks
):
    register_kind("big-report", generate=None, time_limit=900)
    user = UserFactory()
    with django_capture_on_commit_callbacks(execute=True):
        big = generated_file_request(kind="big-report", parameters={}, requested_by=user)
        usual = generated_file_request(kind="policing-bodies", parameters={}, requested_by=user)
    assert sent == [
        (big.pk, {"time_limit": 900, "soft_time_limit": 885}),
        (usual.pk, {"time_limit": 60, "soft_time_limit": 45}),
    ]


def test_report_kinds_have_hard_limits_above_their_measured_time():
    from core.generated import generator_get

    assert generator_get("policing-bodies").time_limit == 60
    assert generator_get("plan").time_limit == 120
    assert generator_get("plan").soft_time_limit == 105


@pytest.mark.django_db
def test_a_request_started_three_times_without_finishing_fails_with_a_readable_message(
    register_kind,
):
    calls = []
    register_kind("crashes", generate=lambda request, progress: calls.append(request.pk))
    generated = run_task(
        GeneratedFileFactory(
            kind="crashes", status=Status.RUNNING, attempts=GENERATION_MAX_ATTEMPTS
        )
    )
    assert calls == []
    assert generated.status == Status.FAILED
    assert generated.error_message == str(WORKER_LOST_MESSAGE)


@pytest.mark.django_db
def test_a_second_delivery_leaves_a_request_being_made_to_its_run(register_kind):
    """A run holds an advisory lock on its request; a duplicate of its task does nothing."""
    calls = []
    register_kind("busy", generate=lambda request, progress: calls.append(request.pk))
    generated = GeneratedFileFactory(kind="busy", status=Status.RUNNING, attempts=1)
    holding = threading.Event()
    release = threading.Event()

    def hold_lock():
        other = connections.create_connection("default")
        try:
            with other.cursor() as cursor:
                cursor.execute(
                    "SELECT pg_advisory_lock(%s, %s)", [RUN_LOCK_NAMESPACE, generated.pk]
                )
                holding.set()
                release.wait(10)
        finally:
            other.close()

    thread = threading.Thread(target=hold_lock)
    thread.start()
    try:
        assert holding.wait(10)
        generated = run_task(generated)
    finally:
        release.set()
        thread.join(10)
    assert calls == []
    assert (generated.status, generated.attempts) == (Status.RUNNING, 1)


# --- The sweep ------------------------------------------------------------------------------


@pytest.mark.django_db
def test_the_sweep_sends_again_requests_whose_task_never_arrived(
    sent, django_capture_on_commit_callbacks
):
    now = timezone.now()
    lost = GeneratedFileFactory(queued_at=now - SWEEP_WAITING_AFTER - timedelta(seconds=1))
    fresh = GeneratedFileFactory(queued_at=now - timedelta(minutes=1))
    retry_due_later = GeneratedFileFactory(queued_at=now + timedelta(minutes=1), attempts=1)
    with django_capture_on_commit_callbacks(execute=True):
        assert generated_files_sweep(now=now) == 1
    assert [pk for pk, options in sent] == [lost.pk]
    lost.refresh_from_db()
    assert lost.queued_at == now
    # Sent once per wait, not at every sweep.
    assert generated_files_sweep(now=now + timedelta(minutes=1)) == 0
    for generated in (fresh, retry_due_later):
        generated.refresh_from_db()
        assert generated.status == Status.QUEUED


@pytest.mark.django_db
def test_a_request_the_broker_keeps_losing_is_sent_once_per_wait_not_at_every_sweep(
    sent, django_capture_on_commit_callbacks
):
    """Beat sweeps every minute; a request still waiting is sent again only when
    SWEEP_WAITING_AFTER has passed since it was last sent (`queued_at` records that)."""
    start = timezone.now()
    lost = GeneratedFileFactory(queued_at=start - SWEEP_WAITING_AFTER)
    minutes = 11
    with django_capture_on_commit_callbacks(execute=True):
        for minute in range(minutes):
            generated_files_sweep(now=start + timedelta(minutes=minute))
    # Sent at minutes 0, 5 and 10 of the 11 sweeps.
    assert [pk for pk, options in sent] == [lost.pk] * 3
    lost.refresh_from_db()
    assert lost.queued_at == start + timedelta(minutes=10)
    assert lost.status == Status.QUEUED


@pytest.mark.django_db
def test_the_sweep_requeues_requests_running_past_their_hard_limit(
    sent, django_capture_on_commit_callbacks
):
    now = timezone.now()
    past_limit = now - timedelta(seconds=DEFAULT_TIME_LIMIT) - SWEEP_RUNNING_GRACE
    lost = GeneratedFileFactory(status=Status.RUNNING, attempts=1, started_at=past_limit)
    exhausted = GeneratedFileFactory(
        status=Status.RUNNING, attempts=GENERATION_MAX_ATTEMPTS, started_at=past_limit
    )
    running = GeneratedFileFactory(
        status=Status.RUNNING, attempts=1, started_at=now - timedelta(seconds=30)
    )
    with django_capture_on_commit_callbacks(execute=True):
        assert tasks.generated_files_sweep.apply(kwargs={}).get() == 1
    assert [pk for pk, options in sent] == [lost.pk]
    for generated in (lost, exhausted, running):
        generated.refresh_from_db()
    assert lost.status == Status.QUEUED
    assert exhausted.status == Status.FAILED
    assert exhausted.error_message == str(WORKER_LOST_MESSAGE)
    assert running.status == Status.RUNNING


def test_beat_runs_the_sweep_every_minute(settings):
    entry = settings.CELERY_BEAT_SCHEDULE["generated-files-sweep"]
    assert entry["task"] == "core.tasks.generated_files_sweep"
    assert entry["schedule"] == timedelta(minutes=1)


# --- Rate limit -----------------------------------------------------------------------------


@pytest.mark.django_db
def test_a_person_may_ask_for_a_limited_number_of_files_an_hour(client, settings, sent):
    settings.GENERATED_FILE_REQUESTS_PER_HOUR = 2
    user = UserFactory()
    other = UserFactory()
    GeneratedFileFactory(
        requested_by=user,
        status=Status.FAILED,
        created_at=timezone.now() - timedelta(minutes=61),
    )
    generated_file_request(kind="policing-bodies", parameters={}, requested_by=user)
    generated_file_request(kind="policing-bodies-csv", parameters={}, requested_by=user)
    # The same request still waiting is returned, not counted.
    generated_file_request(kind="policing-bodies", parameters={}, requested_by=user)
    GeneratedFile.objects.filter(requested_by=user).update(status=Status.FAILED)
    with pytest.raises(GeneratedFileRateLimited):
        generated_file_request(kind="policing-bodies", parameters={}, requested_by=user)
    generated_file_request(kind="policing-bodies", parameters={}, requested_by=other)

    client.force_login(user)
    response = client.post(
        reverse("core:generated-file-request"), {"kind": "policing-bodies"}, follow=True
    )
    assert response.redirect_chain == [(reverse("core:generated-files"), 302)]
    assert "You have asked for 2 files in the last hour" in response.content.decode()


# --- Real workers ---------------------------------------------------------------------------


def wait_until_finished(generated, timeout=90):
    def finished():
        generated.refresh_from_db()
        return generated.is_finished

    wait_for(finished, timeout=timeout, message=f"request {generated.pk} to finish")
    return generated


@pytest.mark.e2e
@pytest.mark.django_db(transaction=True)
def test_a_pool_child_killed_in_the_middle_of_a_pdf_is_made_once_when_redelivered():
    generated = GeneratedFileFactory(kind=worker_kinds.KILLED_ONCE)
    with celery_worker_running(pool="prefork", include=["tests.core.worker_kinds"]):
        tasks.generated_file_generate.apply_async(args=[generated.pk])
        wait_until_finished(generated)
    try:
        assert generated.status == Status.DONE, generated.error_message
        assert generated.attempts == 2
        assert StoredFile.objects.filter(file__startswith="generated/").count() == 1
        assert generated.file.content_type == "application/pdf"
    finally:
        stored_files_delete(list(StoredFile.objects.all()))


@pytest.mark.e2e
@pytest.mark.django_db(transaction=True)
def test_a_task_that_always_kills_its_worker_stops_after_three_attempts():
    generated = GeneratedFileFactory(kind=worker_kinds.KILLS_ALWAYS)
    with celery_worker_running(pool="prefork", include=["tests.core.worker_kinds"]):
        tasks.generated_file_generate.apply_async(args=[generated.pk])
        wait_until_finished(generated)
    assert generated.status == Status.FAILED
    assert generated.attempts == GENERATION_MAX_ATTEMPTS
    assert generated.error_message == str(WORKER_LOST_MESSAGE)


@pytest.mark.e2e
@pytest.mark.django_db(transaction=True)
def test_a_run_past_its_soft_time_limit_fails_with_a_readable_message():
    generated = GeneratedFileFactory(kind=worker_kinds.TOO_SLOW)
    with celery_worker_running(pool="prefork", include=["tests.core.worker_kinds"]):
        # As generated_file_request sends it (the kind is registered in the worker only).
        tasks.generated_file_generate.apply_async(
            args=[generated.pk], time_limit=16, soft_time_limit=1
        )
        wait_until_finished(generated, timeout=30)
    assert generated.status == Status.FAILED
    assert generated.error_message == str(TOO_LONG_MESSAGE)
