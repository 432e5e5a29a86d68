import re

import pytest
from django.urls import reverse

from core.email import queued_emails_deliver
from tests.core.factories import MembershipFactory

pytestmark = pytest.mark.django_db


def test_a_reset_link_changes_the_password_but_signs_nobody_in(client, mailoutbox):
    user = MembershipFactory().user
    response = client.post(reverse("core:password-reset"), {"email": user.email})
    assert response.status_code == 302
    # Written to the outbox by the request, sent by a worker (here, in this process).
    assert mailoutbox == []
    queued_emails_deliver()
    assert len(mailoutbox) == 1
    message = mailoutbox[0]
    assert message.to == [user.email]
    assert message.alternatives, "an HTML part is sent too"
    link = re.search(r"http://testserver(/password-reset/\S+/)", message.body).group(1)
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


def test_an_unknown_address_looks_the_same_and_sends_nothing(client, mailoutbox):
    response = client.post(reverse("core:password-reset"), {"email": "nobody@example.org"})
    assert response.status_code == 302
    assert mailoutbox == []
