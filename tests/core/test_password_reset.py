import re

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse

from core import auth_forms
from core.email import queued_emails_deliver
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


def test_the_request_does_the_same_work_whether_or_not_the_address_has_an_account(
    client, monkeypatch
):
    """The look-up and the e-mail happen in the worker, so timing the page tells nothing."""
    sent = []
    monkeypatch.setattr(
        auth_forms, "broker_send_after_commit", lambda task, **kwargs: sent.append(task.name)
    )
    user = MembershipFactory().user
    work = {}
    for email in (user.email, "nobody@example.org"):
        sent.clear()
        with CaptureQueriesContext(connection) as queries:
            response = client.post(reverse("core:password-reset"), {"email": email})
        assert response.status_code == 302
        work[email] = ([query["sql"] for query in queries.captured_queries], list(sent))
    assert work[user.email] == work["nobody@example.org"]
    assert work[user.email][1] == ["core.auth_tasks.password_reset_request"]
