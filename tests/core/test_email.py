import datetime
from pathlib import Path

import pytest
from django.db import transaction
from django.template import TemplateDoesNotExist

from core import tasks
from core.email import email_send
from core.models import QueuedEmail

TEST_TEMPLATES = Path(__file__).parent / "templates"
CONTEXT = {"name": "Ann O'Brien & Sons", "reference": "B-0042", "token": "abc123"}


@pytest.fixture(autouse=True)
def test_templates(settings):
    engine = settings.TEMPLATES[0]
    settings.TEMPLATES = [{**engine, "DIRS": [*engine["DIRS"], TEST_TEMPLATES]}]


@pytest.mark.django_db
def test_an_email_is_sent_only_after_the_commit(
    mailoutbox, eager_tasks, django_capture_on_commit_callbacks
):
    with django_capture_on_commit_callbacks(execute=True) as callbacks:
        email_send(to="ann@example.org", template="test_message", context=CONTEXT)
        assert mailoutbox == []
    assert len(callbacks) == 1
    assert len(mailoutbox) == 1


@pytest.mark.django_db
def test_it_has_a_subject_a_plain_part_and_an_html_part(
    mailoutbox, eager_tasks, django_capture_on_commit_callbacks, settings
):
    with django_capture_on_commit_callbacks(execute=True):
        email_send(
            to=["ann@example.org", "bob@example.org"], template="test_message", context=CONTEXT
        )
    (message,) = mailoutbox
    assert message.subject == "Bid B-0042 was received"
    assert message.to == ["ann@example.org", "bob@example.org"]
    assert message.from_email == settings.DEFAULT_FROM_EMAIL
    # Plain text is not HTML-escaped; the HTML part is.
    assert message.body.startswith("Dear Ann O'Brien & Sons,")
    assert f"Confirm your e-mail address: {settings.SITE_URL}/confirm/abc123/" in message.body
    assert settings.SERVICE_NAME in message.body
    ((html, mimetype),) = message.alternatives
    assert mimetype == "text/html"
    assert "Dear Ann O&#x27;Brien &amp; Sons," in html
    assert f'<a href="{settings.SITE_URL}/confirm/abc123/">' in html


@pytest.mark.django_db
def test_a_template_without_html_sends_plain_text_only(
    mailoutbox, eager_tasks, django_capture_on_commit_callbacks
):
    with django_capture_on_commit_callbacks(execute=True):
        email_send(
            to="ann@example.org", template="test_plain", context={"title": "Hi", "name": "Ann"}
        )
    (message,) = mailoutbox
    assert message.subject == "Hi"
    assert message.body.strip() == "Just text for Ann."
    assert message.alternatives == []


@pytest.mark.django_db
def test_a_rolled_back_change_sends_nothing(
    mailoutbox, eager_tasks, django_capture_on_commit_callbacks
):
    def change_that_fails():
        with transaction.atomic():
            email_send(to="ann@example.org", template="test_message", context=CONTEXT)
            raise RuntimeError("the change failed")

    with (
        django_capture_on_commit_callbacks(execute=True) as callbacks,
        pytest.raises(RuntimeError),
    ):
        change_that_fails()
    assert callbacks == []
    assert mailoutbox == []


@pytest.mark.django_db
def test_the_task_is_given_the_rows_id_only(monkeypatch, django_capture_on_commit_callbacks):
    queued = []
    monkeypatch.setattr(
        tasks.email_deliver,
        "apply_async",
        lambda args=(), kwargs=None, **options: queued.append(kwargs),
    )
    with django_capture_on_commit_callbacks(execute=True):
        email_send(to="ann@example.org", template="test_message", context=CONTEXT)
    (row,) = QueuedEmail.objects.all()
    assert queued == [{"queued_email_id": row.pk}]
    assert row.recipients == ["ann@example.org"]
    assert row.subject == "Bid B-0042 was received"
    assert row.status == QueuedEmail.Status.PENDING


@pytest.mark.django_db
def test_mistakes_are_the_callers_errors_not_the_workers(django_capture_on_commit_callbacks):
    with django_capture_on_commit_callbacks() as callbacks:
        with pytest.raises(TypeError):
            email_send(
                to="ann@example.org",
                template="test_message",
                context={**CONTEXT, "when": datetime.date(2026, 4, 1)},
            )
        with pytest.raises(TemplateDoesNotExist):
            email_send(to="ann@example.org", template="no_such_message", context={})
    assert callbacks == []


@pytest.mark.django_db
def test_nobody_to_send_to_sends_nothing(django_capture_on_commit_callbacks):
    with django_capture_on_commit_callbacks() as callbacks:
        email_send(to=[], template="test_message", context=CONTEXT)
    assert callbacks == []
