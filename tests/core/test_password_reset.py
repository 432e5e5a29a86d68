import re

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse

from core import auth_tasks, password_resets
from core.email import queued_emails_deliver
from core.models import PasswordResetRequest, QueuedEmail
from tests.core.factories import MembershipFactory
from tests.providers.conftest import sending  # noqa: F401  (fixture)

pytestmark = pytest.mark.django_db


def test_a_reset_link_changes_the_password_but_signs_nobody_in(
    client,
    mailoutbox,
    sending,  # noqa: F811
):
    user = MembershipFactory().user
    with sending():
        response = client.post(reverse("core:password-reset"), {"email": user.email})
        # Queued for the worker after the commit, never sent while the page waits: the
        # response takes as long whether or not the address has an account.
        assert mailoutbox == []
    assert response.status_code == 302
    # The worker (here, in this process) looked the address up and wrote the message to the
    # outbox; delivering what is left sends it once, however often it runs.
    queued_emails_deliver()
    queued_emails_deliver()
    assert len(mailoutbox) == 1
    message = mailoutbox[0]
    assert message.to == [user.email]
    assert message.alternatives, "an HTML part is sent too"
    link = re.search(r"http://127\.0\.0\.1:8000(/password-reset/\S+/)", message.body).group(1)
    form_page = client.get(link, follow=True)
    assert "Choose a new password" in form_page.content.decode()
    response = client.post(
        form_page.redirect_chain[-1][0],
        {"new_password1": "brand-new-passphrase-42", "new_password2": "brand-new-passphrase-42"},
    )
    assert response.status_code == 302
    assert "_auth_user_id" not in client.session
    user.refresh_from_db()
    assert user.check_password("brand-new-passphrase-42")
    # Signing in still stops at the second factor.
    client.post(
        reverse("core:sign-in"),
        {"username": user.email, "password": "brand-new-passphrase-42"},
    )
    assert client.get(reverse("core:home"))["Location"].startswith("/second-factor/")


def test_an_unknown_address_looks_the_same_and_sends_nothing(
    client,
    mailoutbox,
    sending,  # noqa: F811
):
    with sending():
        response = client.post(reverse("core:password-reset"), {"email": "nobody@example.org"})
    assert response.status_code == 302
    assert mailoutbox == []


def _shape(sql):
    """A statement without its values: quoted literals and savepoint names."""
    return re.sub(r'"s\d+_x\d+"', "SAVEPOINT_NAME", re.sub(r"'(?:[^']|'')*'", "?", sql))


def test_the_request_does_the_same_work_whether_or_not_the_address_has_an_account(
    client, monkeypatch
):
    """The look-up and the e-mail happen in the worker, so timing the page tells nothing."""
    sent = []
    monkeypatch.setattr(
        password_resets,
        "broker_send_after_commit",
        lambda task, **kwargs: sent.append(task.name),
    )
    user = MembershipFactory().user
    work = {}
    for email in (user.email, "nobody@example.org"):
        sent.clear()
        with CaptureQueriesContext(connection) as queries:
            response = client.post(reverse("core:password-reset"), {"email": email})
        assert response.status_code == 302
        # The same statements for either; only their values (the address recorded, the
        # time, savepoint names) differ.
        statements = [_shape(query["sql"]) for query in queries.captured_queries]
        work[email] = (statements, list(sent))
    assert work[user.email] == work["nobody@example.org"]
    assert work[user.email][1] == ["core.auth_tasks.password_reset_request"]


def test_a_request_whose_task_never_arrived_is_answered_once_by_beats_sweep(client, mailoutbox):
    """The page records the ask in its own transaction; with no worker reached (here: no
    on-commit callbacks run), beat's sweep answers it, once, and forgets the address."""
    user = MembershipFactory().user
    client.post(reverse("core:password-reset"), {"email": user.email})
    client.post(reverse("core:password-reset"), {"email": "nobody@example.org"})
    assert PasswordResetRequest.objects.count() == 2
    assert not QueuedEmail.objects.exists()

    assert auth_tasks.password_reset_requests_sweep.apply().get() == 2
    assert auth_tasks.password_reset_requests_sweep.apply().get() == 0
    assert not PasswordResetRequest.objects.exists()
    (row,) = QueuedEmail.objects.all()
    assert (row.template, row.recipients) == ("password_reset", [user.email])
    queued_emails_deliver()
    assert [message.to for message in mailoutbox] == [[user.email]]


def test_a_request_already_answered_is_not_answered_again():
    user = MembershipFactory().user
    asked = password_resets.password_reset_request_record(email=user.email)
    assert password_resets.password_reset_request_process(reset_request_id=asked.pk) is True
    # A second delivery of the task, or the sweep after the task: nothing left to do.
    assert password_resets.password_reset_request_process(reset_request_id=asked.pk) is False
    assert QueuedEmail.objects.filter(template="password_reset").count() == 1


def test_a_task_sent_before_requests_were_recorded_still_answers_its_address():
    user = MembershipFactory().user
    auth_tasks.password_reset_request.apply(kwargs={"email": user.email}).get()
    assert QueuedEmail.objects.get().recipients == [user.email]


def test_beat_sweeps_password_reset_requests_every_minute(settings):
    from datetime import timedelta

    entry = settings.CELERY_BEAT_SCHEDULE["password-reset-requests-sweep"]
    assert entry["task"] == "core.auth_tasks.password_reset_requests_sweep"
    assert entry["schedule"] == timedelta(minutes=1)
