"""The durable outbox (core.email): rows written with the change, delivered by workers."""

import smtplib
import threading
import time
from datetime import timedelta
from pathlib import Path

import pytest
from django.core.mail.backends.locmem import EmailBackend as LocmemBackend
from django.db import connection, transaction
from django.urls import reverse
from django.utils import timezone

from core import email, tasks
from core.auth_tasks import password_reset_request
from core.email import (
    EMAIL_MAX_ATTEMPTS,
    email_queue,
    queued_email_deliver,
    queued_email_retry,
    queued_emails_deliver,
)
from core.models import PasswordResetRequest, QueuedEmail
from tests.core.factories import UserFactory
from tests.harness.celery_worker import wait_for
from tests.harness.personas import sign_in_verified

Status = QueuedEmail.Status
TEST_TEMPLATES = Path(__file__).parent / "templates"
CONTEXT = {"name": "Ann", "reference": "B-0042", "token": "abc123"}


@pytest.fixture(autouse=True)
def test_templates(settings):
    engine = settings.TEMPLATES[0]
    settings.TEMPLATES = [{**engine, "DIRS": [*engine["DIRS"], TEST_TEMPLATES]}]


@pytest.fixture
def no_broker(monkeypatch):
    """What reaches the broker is recorded, not sent: delivery is the test's to drive."""
    sent = []
    monkeypatch.setattr(
        tasks.email_deliver,
        "apply_async",
        lambda args=(), kwargs=None, **options: sent.append(kwargs),
    )
    return sent


def queue(**overrides):
    options = {"to": "ann@example.org", "template": "test_message", "context": CONTEXT}
    return email_queue(**{**options, **overrides})


class FailingBackend(LocmemBackend):
    def send_messages(self, messages):
        raise smtplib.SMTPServerDisconnected("the server hung up")


@pytest.mark.django_db
def test_queueing_writes_a_rendered_row_in_the_callers_transaction(
    no_broker, django_capture_on_commit_callbacks
):
    with django_capture_on_commit_callbacks(execute=True), transaction.atomic():
        queued = queue(to=["ann@example.org", "bob@example.org"])
        assert QueuedEmail.objects.filter(pk=queued.pk).exists()
        assert no_broker == []
    queued.refresh_from_db()
    assert queued.status == Status.PENDING
    assert queued.recipients == ["ann@example.org", "bob@example.org"]
    assert queued.subject == "Bid B-0042 was received"
    assert queued.body_text.startswith("Dear Ann,")
    assert "<a href=" in queued.body_html
    assert no_broker == [{"queued_email_id": queued.pk}]


@pytest.mark.django_db
def test_a_subject_given_by_the_caller_replaces_the_subject_template(no_broker):
    queued = queue(subject="Your  bid\n was received")
    assert queued.subject == "Your bid was received"


@pytest.mark.django_db
def test_a_rolled_back_change_leaves_no_row(no_broker):
    def change_that_fails():
        with transaction.atomic():
            queue()
            raise RuntimeError("the change failed")

    with pytest.raises(RuntimeError):
        change_that_fails()
    assert not QueuedEmail.objects.exists()


@pytest.mark.django_db
def test_delivering_sends_a_due_row_once_and_marks_it_sent(no_broker, mailoutbox):
    queued = queue()
    assert queued_email_deliver(queued_email_id=queued.pk) is True
    assert queued_email_deliver(queued_email_id=queued.pk) is False
    (message,) = mailoutbox
    assert message.subject == "Bid B-0042 was received"
    assert message.to == ["ann@example.org"]
    assert message.alternatives[0][1] == "text/html"
    queued.refresh_from_db()
    assert (queued.status, queued.attempts) == (Status.SENT, 1)
    assert queued.sent_at is not None


@pytest.mark.django_db
def test_a_failed_send_is_retried_with_back_off_then_shown_as_failed(
    no_broker, settings, mailoutbox
):
    settings.EMAIL_BACKEND = f"{__name__}.FailingBackend"
    queued = queue()
    waits = []
    for attempt in range(1, EMAIL_MAX_ATTEMPTS + 1):
        before = timezone.now()
        assert queued_email_deliver(queued_email_id=queued.pk)
        queued.refresh_from_db()
        assert queued.attempts == attempt
        assert "SMTPServerDisconnected: the server hung up" in queued.last_error
        if attempt < EMAIL_MAX_ATTEMPTS:
            assert queued.status == Status.PENDING
            waits.append(round((queued.next_attempt_at - before).total_seconds() / 60))
            # Not due yet: a deliverer leaves it alone.
            assert queued_email_deliver(queued_email_id=queued.pk) is False
            QueuedEmail.objects.filter(pk=queued.pk).update(next_attempt_at=timezone.now())
    assert waits == [1, 2, 4, 8, 16, 32, 64]
    assert queued.status == Status.FAILED
    assert mailoutbox == []

    # A site admin puts it back once the cause is fixed; it is then sent.
    settings.EMAIL_BACKEND = "django.core.mail.backends.locmem.EmailBackend"
    assert queued_email_retry(queued_email_id=queued.pk)
    assert queued_emails_deliver() == 1
    queued.refresh_from_db()
    assert queued.status == Status.SENT
    assert len(mailoutbox) == 1


@pytest.mark.django_db
def test_beat_delivers_every_due_row_oldest_first(no_broker, mailoutbox, settings):
    first = queue(subject="first")
    second = queue(subject="second")
    later = queue(subject="later")
    QueuedEmail.objects.filter(pk=later.pk).update(
        next_attempt_at=timezone.now() + timedelta(minutes=5)
    )
    QueuedEmail.objects.filter(pk=first.pk).update(
        next_attempt_at=timezone.now() - timedelta(minutes=1)
    )
    assert tasks.emails_deliver_pending.apply().get() == 2
    assert [message.subject for message in mailoutbox] == ["first", "second"]
    assert QueuedEmail.objects.get(pk=second.pk).status == Status.SENT
    assert QueuedEmail.objects.get(pk=later.pk).status == Status.PENDING
    entry = settings.CELERY_BEAT_SCHEDULE["emails-deliver-pending"]
    assert entry["task"] == "core.tasks.emails_deliver_pending"
    assert entry["schedule"] <= timedelta(minutes=1)


@pytest.mark.django_db
def test_a_message_queued_before_the_outbox_existed_is_still_sent(mailoutbox):
    """Old messages in the broker carry the e-mail itself: they go through the outbox."""
    tasks.email_deliver.apply(
        kwargs={
            "recipients": ["ann@example.org"],
            "template": "test_message",
            "context": CONTEXT,
            "language": None,
        }
    ).get()
    (row,) = QueuedEmail.objects.all()
    assert row.status == Status.SENT
    assert len(mailoutbox) == 1


def test_e_mail_tasks_have_their_own_queue(settings):
    from config.celery import app

    route = app.amqp.router.route({}, "core.tasks.email_deliver")
    assert route["queue"].name == settings.CELERY_EMAIL_QUEUE
    route = app.amqp.router.route({}, "core.tasks.emails_deliver_pending")
    assert route["queue"].name == settings.CELERY_EMAIL_QUEUE
    route = app.amqp.router.route({}, "core.tasks.generated_file_generate")
    assert route["queue"].name == settings.CELERY_TASK_DEFAULT_QUEUE
    assert settings.CELERY_EMAIL_QUEUE != settings.CELERY_TASK_DEFAULT_QUEUE
    assert settings.EMAIL_TIMEOUT


@pytest.mark.django_db
def test_password_reset_mail_goes_through_the_outbox(client, no_broker, mailoutbox):
    user = UserFactory(email="ann@example.org")
    response = client.post(reverse("core:password-reset"), {"email": user.email})
    assert response.status_code == 302
    # The request only records the ask (core.password_resets); the worker's task looks the
    # address up and writes the message to the outbox.
    assert not QueuedEmail.objects.exists()
    (asked,) = PasswordResetRequest.objects.all()
    password_reset_request(reset_request_id=asked.pk)
    assert not PasswordResetRequest.objects.exists()
    (row,) = QueuedEmail.objects.all()
    assert row.recipients == ["ann@example.org"]
    assert row.template == "password_reset"
    assert "Someone asked to reset the password for this account." in row.body_text
    assert mailoutbox == []  # not sent from the request
    queued_emails_deliver()
    assert len(mailoutbox) == 1


@pytest.mark.django_db
def test_site_admins_see_failed_e_mails_and_try_them_again(client, no_broker):
    failed = queue(subject="Undeliverable")
    QueuedEmail.objects.filter(pk=failed.pk).update(
        status=Status.FAILED, attempts=EMAIL_MAX_ATTEMPTS, last_error="SMTPRecipientsRefused"
    )
    sign_in_verified(client, UserFactory(is_staff=True, is_superuser=True))
    changelist = reverse("admin:core_queuedemail_changelist")
    page = client.get(changelist, {"status__exact": "failed"}).content.decode()
    assert "Undeliverable" in page
    response = client.post(
        changelist, {"action": "try_again", "_selected_action": [failed.pk]}, follow=True
    )
    assert response.status_code == 200
    failed.refresh_from_db()
    assert (failed.status, failed.attempts) == (Status.PENDING, 0)


@pytest.mark.django_db(transaction=True)
def test_two_deliverers_racing_over_the_same_rows_send_each_once(settings, monkeypatch):
    """Each deliverer holds its row locked while it talks to the SMTP server (slowed down
    here); the other skips locked rows, so no row is sent twice and none is left."""
    settings.EMAIL_BACKEND = "django.core.mail.backends.locmem.EmailBackend"
    monkeypatch.setattr(tasks.email_deliver, "apply_async", lambda *args, **kwargs: None)
    rows = [queue(subject=f"message {number}") for number in range(12)]
    sent = []
    lock = threading.Lock()

    class SlowBackend(LocmemBackend):
        def send_messages(self, messages):
            time.sleep(0.02)
            with lock:
                sent.extend(message.subject for message in messages)
            return len(messages)

    monkeypatch.setattr(email, "get_connection", lambda: SlowBackend())
    start = threading.Barrier(2)
    tried = []

    def deliver():
        try:
            start.wait()
            tried.append(queued_emails_deliver())
        finally:
            connection.close()

    threads = [threading.Thread(target=deliver) for _ in range(2)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join(30)
    assert sorted(sent) == sorted(row.subject for row in rows)
    assert sum(tried) == len(rows)
    assert all(count > 0 for count in tried), tried  # both took part
    assert set(QueuedEmail.objects.values_list("status", flat=True)) == {Status.SENT}


@pytest.mark.e2e
@pytest.mark.django_db(transaction=True)
def test_a_queued_e_mail_is_sent_by_the_worker_on_the_e_mail_queue(
    settings, celery_worker_process, tmp_path
):
    queued = queue()
    wait_for(
        lambda: QueuedEmail.objects.get(pk=queued.pk).status == Status.SENT,
        message="the worker to send the e-mail",
    )


@pytest.mark.django_db
def test_site_admins_home_page_says_when_e_mails_failed(client, no_broker):
    admin = UserFactory(is_staff=True, is_superuser=True)
    sign_in_verified(client, admin)
    assert "could not be sent" not in client.get(reverse("core:home")).content.decode()
    failed = queue()
    QueuedEmail.objects.filter(pk=failed.pk).update(status=Status.FAILED)
    page = client.get(reverse("core:home")).content.decode()
    assert "1 e-mail could not be sent after every retry." in page
    assert reverse("admin:core_queuedemail_changelist") in page


def test_core_tasks_email_and_generated_import_one_another_only_inside_functions():
    """No import circle: tasks import the services inside their bodies, and services import
    tasks only when they send one."""
    import ast
    import inspect

    from core import generated

    def top_level_imports(module):
        found = set()
        for node in ast.parse(inspect.getsource(module)).body:
            if isinstance(node, ast.ImportFrom):
                found |= {node.module} | {f"{node.module}.{a.name}" for a in node.names}
            elif isinstance(node, ast.Import):
                found |= {alias.name for alias in node.names}
        return found

    circle = {"core.tasks", "core.email", "core.generated"}
    for module in (tasks, email, generated):
        assert not top_level_imports(module) & circle, module.__name__


@pytest.mark.django_db
def test_a_batch_stops_starting_sends_when_its_time_is_up(no_broker, mailoutbox):
    for number in range(3):
        queue(subject=f"message {number}")
    assert queued_emails_deliver(seconds=0) == 0
    assert queued_emails_deliver(limit=2) == 2
    assert queued_emails_deliver() == 1
    assert len(mailoutbox) == 3


def test_e_mail_tasks_stop_long_after_a_batchs_time_is_up(settings):
    for task in (tasks.email_deliver, tasks.emails_deliver_pending):
        assert task.soft_time_limit > email.DELIVER_SECONDS + settings.EMAIL_TIMEOUT
        assert task.time_limit > task.soft_time_limit
