import csv
import io
from datetime import timedelta
from urllib.parse import quote

import pytest
from django.conf import settings as django_settings
from django.template import Context, Template
from django.urls import reverse
from django.utils import timezone
from pypdf import PdfReader

from config.celery import app as celery_app
from core import tasks
from core.generated import (
    FAILED_MESSAGE,
    GENERATION_MAX_ATTEMPTS,
    STALE_AFTER,
    GeneratedContent,
    GeneratedFileKindUnknown,
    GeneratedFileNotAllowed,
    GenerationError,
    generated_file_request,
    generated_files_expire,
    generator_register,
    generator_unregister,
    signed_in,
)
from core.models import GeneratedFile, StoredFile
from core.uploads import stored_files_delete
from tests.core.factories import DoneGeneratedFileFactory, GeneratedFileFactory, UserFactory
from tests.harness.celery_worker import wait_for
from tests.harness.personas import sign_in_verified
from tests.harness.queries import assert_flat_queries

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
    """Register generators for one test only (they exist in this process, not in a worker)."""
    kinds = []

    def register(kind, **options):
        kinds.append(kind)
        options.setdefault("can_request", signed_in)
        return generator_register(kind, label=f"Test file {kind}", **options)

    yield register
    for kind in kinds:
        generator_unregister(kind)


@pytest.fixture
def queued(monkeypatch):
    """Record what would be sent to the broker instead of sending it."""
    sent = []
    monkeypatch.setattr(
        tasks.generated_file_generate,
        "apply_async",
        lambda args, **options: sent.append(args[0]),
    )
    return sent


def run_task(generated):
    """Run the task here, as a worker would; retries run at once (their delay is skipped)."""
    tasks.generated_file_generate.apply(args=[generated.pk])
    generated.refresh_from_db()
    return generated


def status_url(generated):
    return reverse("core:generated-file", args=[generated.uuid])


# --- Requesting ---------------------------------------------------------------------------


@pytest.mark.django_db
def test_a_request_is_queued_with_its_id_only_after_the_commit(
    queued, django_capture_on_commit_callbacks
):
    user = UserFactory()
    with django_capture_on_commit_callbacks() as callbacks:
        generated = generated_file_request(kind="policing-bodies", parameters={}, requested_by=user)
        assert queued == []
    assert generated.status == Status.QUEUED
    assert generated.requested_by == user
    for callback in callbacks:
        callback()
    assert queued == [generated.pk]


@pytest.mark.django_db
def test_an_identical_request_still_waiting_is_not_queued_twice(
    queued, django_capture_on_commit_callbacks
):
    user = UserFactory()
    with django_capture_on_commit_callbacks(execute=True):
        first = generated_file_request(kind="policing-bodies", parameters={}, requested_by=user)
        second = generated_file_request(kind="policing-bodies", parameters={}, requested_by=user)
        other = generated_file_request(kind="policing-bodies-csv", parameters={}, requested_by=user)
    assert first == second
    assert other != first
    assert queued == [first.pk, other.pk]


@pytest.mark.django_db
def test_only_registered_kinds_that_the_user_may_request_are_accepted(register_kind, queued):
    user = UserFactory()
    register_kind("staff-only", generate=None, can_request=lambda user, params: user.is_staff)
    with pytest.raises(GeneratedFileKindUnknown):
        generated_file_request(kind="no-such-kind", parameters={}, requested_by=user)
    with pytest.raises(GeneratedFileNotAllowed):
        generated_file_request(kind="staff-only", parameters={}, requested_by=user)
    assert not GeneratedFile.objects.exists()


@pytest.mark.django_db
def test_the_request_endpoint_redirects_to_the_status_page_from_any_page(
    client, register_kind, queued
):
    register_kind(
        "round-report",
        generate=None,
        clean_parameters=lambda submitted: {"round": int(submitted["round"])},
    )
    user = UserFactory()
    client.force_login(user)
    response = client.post(
        reverse("core:generated-file-request"), {"kind": "round-report", "round": "7"}
    )
    generated = GeneratedFile.objects.get()
    assert response.status_code == 302
    assert response["Location"] == status_url(generated)
    assert generated.parameters == {"round": 7}
    assert generated.requested_by == user


@pytest.mark.django_db
def test_the_request_endpoint_hides_kinds_the_user_may_not_request(client, register_kind, queued):
    register_kind("nobody", generate=None, can_request=lambda user, params: False)
    client.force_login(UserFactory())
    url = reverse("core:generated-file-request")
    assert client.post(url, {"kind": "nobody"}).status_code == 404
    assert client.post(url, {"kind": "no-such-kind"}).status_code == 404
    assert client.get(url).status_code == 405
    assert not GeneratedFile.objects.exists()


def test_the_button_tag_posts_the_kind_and_its_parameters():
    html = Template(
        "{% load generated_files %}{% generated_file_button 'round-report' 'Get it' round=7 %}"
    ).render(Context({"csrf_token": "token"}))
    assert f'action="{reverse("core:generated-file-request")}"' in html
    assert '<input type="hidden" name="kind" value="round-report">' in html
    assert '<input type="hidden" name="round" value="7">' in html
    assert 'name="csrfmiddlewaretoken" value="token"' in html
    assert ">Get it</button>" in html


# --- Making the file ----------------------------------------------------------------------


@pytest.mark.django_db
def test_the_task_marks_it_running_saves_progress_and_stores_the_result(
    register_kind, private_media
):
    seen = []

    def generate(request, progress):
        progress(40)
        seen.append(GeneratedFile.objects.values_list("status", "progress").get(pk=request.pk))
        progress(10)  # never goes back
        progress(250)  # 100 is for done only
        seen.append(GeneratedFile.objects.values_list("progress", flat=True).get(pk=request.pk))
        return GeneratedContent("numbers.csv", "text/csv", b"one,two\r\n")

    register_kind("numbers", generate=generate)
    generated = run_task(GeneratedFileFactory(kind="numbers"))
    assert seen == [(Status.RUNNING, 40), 99]
    assert generated.status == Status.DONE
    assert generated.progress == 100
    assert generated.attempts == 1
    assert generated.started_at <= generated.finished_at
    ttl = timedelta(hours=django_settings.GENERATED_FILE_TTL_HOURS)
    assert generated.expires_at == generated.finished_at + ttl
    assert generated.file.original_name == "numbers.csv"
    assert generated.file.content_type == "text/csv"
    assert generated.file.file.name.startswith("generated/")
    assert (private_media / generated.file.file.name).read_bytes() == b"one,two\r\n"


@pytest.mark.django_db
def test_a_failing_generator_is_retried_then_failed_with_a_reason_shown_to_the_user(
    client, register_kind, private_media
):
    calls = []

    def generate(request, progress):
        calls.append(request.pk)
        raise ConnectionError("database went away")

    register_kind("flaky", generate=generate)
    generated = run_task(GeneratedFileFactory(kind="flaky"))
    assert len(calls) == GENERATION_MAX_ATTEMPTS
    assert generated.status == Status.FAILED
    assert generated.attempts == GENERATION_MAX_ATTEMPTS
    assert generated.error_message == str(FAILED_MESSAGE)
    assert generated.file is None

    client.force_login(generated.requested_by)
    response = client.get(status_url(generated))
    page = response.content.decode()
    assert "We could not make this file" in page
    assert "Something went wrong while making this file. Request it again." in page
    assert "database went away" not in page
    assert 'http-equiv="refresh"' not in page
    assert "Refresh" not in response


@pytest.mark.django_db
def test_a_generation_error_fails_at_once_with_its_own_message(client, register_kind):
    calls = []

    def generate(request, progress):
        calls.append(request.pk)
        raise GenerationError("This round has no bids yet.")

    register_kind("empty-round", generate=generate)
    generated = run_task(GeneratedFileFactory(kind="empty-round"))
    assert calls == [generated.pk]
    assert generated.status == Status.FAILED
    client.force_login(generated.requested_by)
    assert "This round has no bids yet." in client.get(status_url(generated)).content.decode()


@pytest.mark.django_db
def test_a_task_run_twice_does_not_make_the_file_again(register_kind, private_media):
    calls = []

    def generate(request, progress):
        calls.append(request.pk)
        return GeneratedContent("a.csv", "text/csv", b"a")

    register_kind("once", generate=generate)
    generated = run_task(GeneratedFileFactory(kind="once"))
    stored = generated.file
    generated = run_task(generated)
    assert calls == [generated.pk]
    assert generated.file == stored
    assert StoredFile.objects.count() == 1


@pytest.mark.django_db
def test_a_request_left_running_by_a_lost_worker_is_made_when_delivered_again(
    register_kind, private_media
):
    register_kind("again", generate=lambda r, p: GeneratedContent("a.csv", "text/csv", b"a"))
    generated = run_task(GeneratedFileFactory(kind="again", status=Status.RUNNING, attempts=1))
    assert generated.status == Status.DONE
    assert generated.attempts == 2


@pytest.mark.django_db
def test_a_kind_no_longer_registered_fails_with_a_message():
    generated = run_task(GeneratedFileFactory(kind="retired-report"))
    assert generated.status == Status.FAILED
    assert generated.error_message == "This kind of file can no longer be made."


@pytest.mark.django_db
def test_the_policing_bodies_csv_lists_all_43(private_media):
    generated = run_task(GeneratedFileFactory(kind="policing-bodies-csv"))
    assert generated.status == Status.DONE
    assert generated.file.original_name.endswith(".csv")
    text = (private_media / generated.file.file.name).read_text(encoding="utf-8")
    rows = list(csv.reader(io.StringIO(text)))
    assert rows[0] == ["code", "police_area", "name", "kind", "country", "ons_code"]
    assert len(rows) == 1 + 43
    assert rows[1][:2] == ["AS", "Avon and Somerset"]


# --- Expiry -------------------------------------------------------------------------------


@pytest.mark.django_db
def test_expired_files_are_deleted_and_the_request_shows_as_expired(
    client, private_media, django_capture_on_commit_callbacks
):
    now = timezone.now()
    expired = DoneGeneratedFileFactory(expires_at=now - timedelta(minutes=1))
    current = DoneGeneratedFileFactory(requested_by=expired.requested_by)
    expired_path = private_media / expired.file.file.name
    assert expired_path.exists()

    with django_capture_on_commit_callbacks(execute=True):
        assert generated_files_expire(now=now) == 1

    expired.refresh_from_db()
    assert expired.file is None
    assert not expired_path.exists()
    assert StoredFile.objects.get() == current.file
    client.force_login(expired.requested_by)
    page = client.get(status_url(expired)).content.decode()
    assert "Expired" in page
    assert "This file has expired" in page
    listing = client.get(reverse("core:generated-files")).content.decode()
    assert "Expired" in listing
    assert reverse("core:file-download", args=[current.file.uuid]) in listing


@pytest.mark.django_db
def test_generated_files_no_request_holds_are_deleted_after_an_hour(
    private_media, django_capture_on_commit_callbacks
):
    now = timezone.now()
    held = DoneGeneratedFileFactory(file__uploaded_at=now - timedelta(hours=2))
    orphan = DoneGeneratedFileFactory(file__uploaded_at=now - timedelta(hours=2)).file
    just_made = DoneGeneratedFileFactory(file__uploaded_at=now).file
    GeneratedFile.objects.exclude(pk=held.pk).delete()
    for stored in (held.file, orphan, just_made):
        stored.file.name = stored.file.name.replace("uploads/", "generated/")
        stored.save()
    with django_capture_on_commit_callbacks(execute=True):
        assert generated_files_expire(now=now) == 1
    assert set(StoredFile.objects.all()) == {held.file, just_made}


@pytest.mark.django_db
def test_a_file_past_its_expiry_is_not_offered_even_before_the_sweep(client):
    generated = DoneGeneratedFileFactory(expires_at=timezone.now() - timedelta(seconds=1))
    client.force_login(generated.requested_by)
    page = client.get(status_url(generated)).content.decode()
    assert "This file has expired" in page
    assert reverse("core:file-download", args=[generated.file.uuid]) not in page


@pytest.mark.django_db
def test_requests_lost_for_hours_are_failed_by_the_sweep():
    now = timezone.now()
    lost = GeneratedFileFactory(created_at=now - STALE_AFTER - timedelta(minutes=1))
    recent = GeneratedFileFactory(created_at=now - timedelta(minutes=5))
    tasks.generated_files_expire.apply()
    lost.refresh_from_db()
    recent.refresh_from_db()
    assert lost.status == Status.FAILED
    assert "took too long" in lost.error_message
    assert recent.status == Status.QUEUED


def test_beat_runs_the_expiry_task(settings):
    entry = settings.CELERY_BEAT_SCHEDULE["generated-files-expire"]
    assert entry["task"] == "core.tasks.generated_files_expire"
    assert entry["task"] in celery_app.tasks


def test_the_ttl_defaults_to_72_hours(settings):
    assert settings.GENERATED_FILE_TTL_HOURS == 72


# --- The pages ----------------------------------------------------------------------------


@pytest.mark.django_db
def test_the_status_page_refreshes_itself_and_shows_progress_while_being_made(client):
    generated = GeneratedFileFactory(status=Status.RUNNING, progress=40, attempts=1)
    client.force_login(generated.requested_by)
    response = client.get(status_url(generated))
    page = response.content.decode()
    assert response.status_code == 200
    assert '<meta http-equiv="refresh" content="2">' in page
    assert response["Refresh"] == "2"
    assert '<progress id="generated-file-progress" max="100" value="40">40%</progress>' in page
    assert "Being made: 40% done" in page
    assert "no-cache" in response["Cache-Control"]


@pytest.mark.django_db
def test_the_status_page_offers_the_download_when_done(client):
    generated = DoneGeneratedFileFactory(file__original_name="bodies.pdf")
    client.force_login(generated.requested_by)
    response = client.get(status_url(generated))
    page = response.content.decode()
    assert "Your file is ready" in page
    assert reverse("core:file-download", args=[generated.file.uuid]) in page
    assert "bodies.pdf" in page
    assert 'http-equiv="refresh"' not in page
    assert "Refresh" not in response


@pytest.mark.django_db
def test_only_the_requester_sees_the_status_page(client, settings):
    settings.LOGIN_URL = "/sign-in/"
    generated = GeneratedFileFactory()
    url = status_url(generated)
    response = client.get(url)
    assert response.status_code == 302
    assert response["Location"] == f"/sign-in/?next={quote(url)}"
    sign_in_verified(client, UserFactory(is_staff=True, is_superuser=True))
    assert client.get(url).status_code == 404
    client.force_login(generated.requested_by)
    assert client.get(url).status_code == 200


@pytest.mark.django_db
def test_the_list_shows_only_my_files_and_offers_core_kinds(client):
    mine = GeneratedFileFactory(kind="policing-bodies-csv")
    theirs = GeneratedFileFactory()
    client.force_login(mine.requested_by)
    page = client.get(reverse("core:generated-files")).content.decode()
    assert status_url(mine) in page
    assert status_url(theirs) not in page
    assert "Local policing bodies (CSV)" in page
    assert '<input type="hidden" name="kind" value="policing-bodies">' in page


@pytest.mark.django_db
def test_the_list_runs_the_same_queries_at_3_and_300_files(client, private_media):
    user = UserFactory()
    client.force_login(user)
    assert_flat_queries(
        client,
        reverse("core:generated-files"),
        make_rows=lambda n: DoneGeneratedFileFactory.create_batch(n, requested_by=user),
        expect=lambda rows: [status_url(row) for row in rows],
    )


# --- End to end, through a real worker ----------------------------------------------------


@pytest.mark.e2e
@pytest.mark.django_db(transaction=True)
def test_a_pdf_requested_on_a_page_is_made_by_a_worker_and_downloaded(
    client, celery_worker_process
):
    user = UserFactory()
    client.force_login(user)
    response = client.post(reverse("core:generated-file-request"), {"kind": "policing-bodies"})
    generated = GeneratedFile.objects.get(requested_by=user)
    assert response["Location"] == status_url(generated)

    def finished():
        generated.refresh_from_db()
        return generated.is_finished

    wait_for(finished, timeout=60, message="the worker to make the PDF")
    assert generated.status == Status.DONE, generated.error_message
    try:
        page = client.get(status_url(generated)).content.decode()
        download = reverse("core:file-download", args=[generated.file.uuid])
        assert download in page
        response = client.get(download)
        assert response.status_code == 200
        assert response["Content-Type"] == "application/pdf"
        reader = PdfReader(io.BytesIO(b"".join(response.streaming_content)))
        text = "\n".join(page.extract_text() for page in reader.pages)
        assert "Local policing bodies in England and Wales" in text
        assert "Avon and Somerset" in text
        assert "Page 1 of" in text
    finally:
        stored_files_delete([generated.file])
