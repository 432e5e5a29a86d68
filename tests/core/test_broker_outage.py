"""With Redis unreachable, every page that sends e-mail or asks for a file answers as usual;
once Redis is back, each e-mail is sent and each file made, exactly once."""

import logging
import time
from datetime import timedelta

import pytest
from django.urls import reverse
from django.utils import timezone

from core import auth_tasks, tasks
from core.generated import generated_files_sweep
from core.models import GeneratedFile, PasswordResetRequest, QueuedEmail
from core.uploads import stored_files_delete
from providers.views.organisations import JOIN_CANDIDATE_SESSION_KEY
from tests.core.factories import UserFactory
from tests.harness.celery_worker import (
    celery_worker_running,
    redis_unreachable_in_this_process,
    wait_for,
)
from tests.providers.factories import JoinRequestFactory, MemberFactory

pytestmark = [pytest.mark.e2e, pytest.mark.django_db(transaction=True)]

# One connection attempt to a closed port fails at once; a page must not take longer than
# this even so.
SLOWEST_PAGE_SECONDS = 3


def post(client, url, data):
    started = time.monotonic()
    response = client.post(url, data)
    elapsed = time.monotonic() - started
    assert response.status_code in (200, 302), (url, response.status_code)
    assert elapsed < SLOWEST_PAGE_SECONDS, (url, elapsed)
    return response


def test_pages_answer_while_redis_is_down_and_everything_is_delivered_once_it_is_back(
    client, mailoutbox, caplog
):
    administrator = MemberFactory(role="administrator")
    organisation = administrator.organisation
    join_request = JoinRequestFactory(organisation=organisation)
    joiner = UserFactory()
    reset_owner = UserFactory(email="forgetful@example.org")
    pdf_person = UserFactory()

    with redis_unreachable_in_this_process(), caplog.at_level(logging.ERROR):
        # Sign-up: the confirmation e-mail.
        post(
            client,
            reverse("providers:sign-up"),
            {
                "full_name": "Ann Example",
                "email": "ann@example.org",
                "password": "a tall giraffe reads novels",
            },
        )
        # Password reset: the page answers as usual. The request only records the ask (the
        # worker looks the address up, so timing tells nothing: core.password_resets); the
        # record waits for beat's sweep.
        post(client, reverse("core:password-reset"), {"email": reset_owner.email})
        # Inviting a colleague, and deciding a join request.
        client.force_login(administrator.user)
        members = {"pk": organisation.pk}
        post(
            client,
            reverse("providers:member-invite", kwargs=members),
            {"email": "colleague@example.org", "role": "editor"},
        )
        post(
            client,
            reverse(
                "providers:join-request-decide",
                kwargs={**members, "request_pk": join_request.pk},
            ),
            {"decision": "approve", "role": "editor"},
        )
        # Asking to join an organisation.
        client.force_login(joiner)
        session = client.session
        session[JOIN_CANDIDATE_SESSION_KEY] = organisation.pk
        session.save()
        post(client, reverse("providers:join-request-new"), {"message": "Hello"})
        # Asking for a PDF.
        client.force_login(pdf_person)
        response = post(client, reverse("core:generated-file-request"), {"kind": "policing-bodies"})
        generated = GeneratedFile.objects.get(requested_by=pdf_person)
        assert response["Location"] == reverse("core:generated-file", args=[generated.uuid])

    # Nothing reached a worker; every failure to reach the broker was logged, not raised.
    assert "on_commit()" in caplog.text
    expected = {
        "providers/confirm_email",
        "providers/invitation",
        "providers/join_request_decided",
        "providers/join_request",
    }
    rows = QueuedEmail.objects.all()
    assert {row.template for row in rows} >= expected
    assert {row.status for row in rows} == {QueuedEmail.Status.PENDING}
    assert mailoutbox == []
    assert GeneratedFile.objects.get(pk=generated.pk).status == GeneratedFile.Status.QUEUED
    assert list(PasswordResetRequest.objects.values_list("email", flat=True)) == [reset_owner.email]

    # Redis is back: beat's next runs answer the reset request, send the e-mails and queue
    # the file again.
    assert auth_tasks.password_reset_requests_sweep.apply().get() == 1
    assert auth_tasks.password_reset_requests_sweep.apply().get() == 0
    assert not PasswordResetRequest.objects.exists()
    rows = QueuedEmail.objects.all()
    assert {row.template for row in rows} >= {*expected, "password_reset"}
    assert rows.get(template="password_reset").recipients == [reset_owner.email]
    assert tasks.emails_deliver_pending.apply().get() == len(rows)
    assert tasks.emails_deliver_pending.apply().get() == 0
    assert len(mailoutbox) == len(rows)
    assert sorted(message.subject for message in mailoutbox) == sorted(row.subject for row in rows)
    with celery_worker_running():
        assert generated_files_sweep(now=timezone.now() + timedelta(minutes=6)) == 1

        def made():
            generated.refresh_from_db()
            return generated.is_finished

        wait_for(made, timeout=60, message="the worker to make the PDF")
    try:
        assert generated.status == GeneratedFile.Status.DONE, generated.error_message
        assert generated.attempts == 1
    finally:
        stored_files_delete([generated.file])


def test_reminders_stamped_during_an_outage_are_sent_once_it_is_over(mailoutbox):
    """The reminder's stamp and its e-mail are committed together: none is lost."""
    import datetime

    from providers.documents import DocumentKind
    from providers.models import DueDiligenceDocument
    from providers.services.documents import document_reminders_send
    from tests.core.factories import StoredFileFactory

    today = datetime.date(2026, 3, 1)
    administrator = MemberFactory(role="administrator", user__email="admin@example.org")
    DueDiligenceDocument.objects.create(
        organisation=administrator.organisation,
        kind=DocumentKind.INSURANCE,
        file=StoredFileFactory(),
        document_date=today,
        valid_until=today + timedelta(days=10),
    )
    with redis_unreachable_in_this_process():
        assert document_reminders_send(today=today) == 1
    assert document_reminders_send(today=today) == 0  # stamped: not reminded twice
    assert mailoutbox == []
    assert tasks.emails_deliver_pending.apply().get() == 1
    (message,) = mailoutbox
    assert message.to == ["admin@example.org"]
    assert "goes out of date" in message.subject


def test_after_an_outage_a_task_module_imported_later_still_registers_its_tasks():
    """The outage must not deregister the app (Celery's app.close() does): shared tasks
    defined afterwards would then be missing from it, and queuing them fails."""
    from celery import shared_task

    from config.celery import app

    app.finalize()  # as after the first task queued in this process
    with redis_unreachable_in_this_process():
        pass

    @shared_task(name="tests.core.defined_after_the_outage")
    def defined_after_the_outage():
        return "ran"

    assert "tests.core.defined_after_the_outage" in app.tasks
