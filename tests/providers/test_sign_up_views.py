import pytest
from django.urls import reverse

from core.models import User
from providers.models import MemberRole
from providers.services.members import invitation_token, member_invite
from tests.providers.factories import MemberFactory

pytestmark = pytest.mark.django_db

PASSWORD = "a tall giraffe reads novels"
DETAILS = {"full_name": "Ann Example", "email": "Ann@Example.org"}


def link_in(message, marker):
    line = next(line for line in message.body.splitlines() if marker in line)
    return line.split("http://127.0.0.1:8000", 1)[-1].strip()


def test_a_new_person_signs_up_confirms_and_lands_on_registering_their_organisation(
    client, mailoutbox, sending
):
    with sending():
        response = client.post(reverse("providers:sign-up"), DETAILS)
    assert response.url == reverse("providers:sign-up-sent")
    assert "ann@example.org" in client.get(response.url).content.decode()
    confirm = link_in(mailoutbox[0], "/register/confirm/")
    page = client.get(confirm)
    assert "Create a password" in page.content.decode()
    assert not User.objects.get().is_active  # a GET (a mail scanner) confirms nothing
    response = client.post(confirm, {"full_name": "Ann Example", "password": PASSWORD})
    assert response.url == reverse("providers:organisation-register")
    assert client.get(response.url).status_code == 200  # signed in
    assert User.objects.get().is_active


def test_a_used_confirmation_link_says_so(client, mailoutbox, sending):
    with sending():
        client.post(reverse("providers:sign-up"), DETAILS)
    confirm = link_in(mailoutbox[0], "/register/confirm/")
    client.post(confirm, {"full_name": "Ann Example", "password": PASSWORD})
    client.post(reverse("core:sign-out"))
    body = client.post(confirm, {"full_name": "Ann Example", "password": PASSWORD}).content
    body = body.decode()
    assert "already confirmed your email address" in body
    assert "<title>Error:" in body


def test_mistakes_are_shown_beside_the_fields_and_nothing_typed_is_lost(client):
    response = client.post(reverse("providers:sign-up"), {**DETAILS, "email": "not an address"})
    body = response.content.decode()
    assert "<title>Error:" in body
    assert "Enter an email address in the correct format" in body
    assert 'value="Ann Example"' in body
    assert 'value="not an address"' in body
    assert not User.objects.exists()


def test_signing_up_asks_for_no_password_the_link_does(client):
    body = client.get(reverse("providers:sign-up")).content.decode()
    assert 'type="password"' not in body


def test_a_weak_password_on_the_confirmation_page_is_refused_and_confirms_nothing(
    client, mailoutbox, sending
):
    with sending():
        client.post(reverse("providers:sign-up"), DETAILS)
    confirm = link_in(mailoutbox[0], "/register/confirm/")
    body = client.post(confirm, {"full_name": "Ann Example", "password": "short"}).content
    body = body.decode()
    assert "<title>Error:" in body
    assert "This password is too short" in body
    assert not User.objects.get().is_active


def test_someone_who_signs_up_first_with_anothers_address_can_never_sign_in(
    client, mailoutbox, sending
):
    """The takeover, through the pages: Mallory signs up first with Ann's address."""
    mallory = client.__class__()
    attacker_password = "mallory chose this one"
    with sending():
        mallory.post(
            reverse("providers:sign-up"),
            # Extra fields are ignored: the form has no password to keep.
            {"full_name": "Mallory", "email": "ann@example.org", "password": attacker_password},
        )
    # Before Ann does anything, the password Mallory typed signs nobody in.
    response = mallory.post(
        reverse("core:sign-in"), {"username": "ann@example.org", "password": attacker_password}
    )
    assert response.status_code == 200
    assert "_auth_user_id" not in mallory.session
    # Ann signs up too: the service sends her a fresh link and she chooses the password.
    with sending():
        client.post(reverse("providers:sign-up"), DETAILS)
    confirm = link_in(mailoutbox[-1], "/register/confirm/")
    assert "Mallory" in client.get(confirm).content.decode()  # she sees the name and fixes it
    response = client.post(confirm, {"full_name": "Ann Example", "password": PASSWORD})
    assert response.url == reverse("providers:organisation-register")
    user = User.objects.get()
    assert user.full_name == "Ann Example"
    # Afterwards Mallory's password still signs nobody in; Ann's does.
    response = mallory.post(
        reverse("core:sign-in"), {"username": "ann@example.org", "password": attacker_password}
    )
    assert response.status_code == 200
    assert "_auth_user_id" not in mallory.session
    other = client.__class__()
    response = other.post(
        reverse("core:sign-in"), {"username": "ann@example.org", "password": PASSWORD}
    )
    assert response.status_code == 302
    assert other.session["_auth_user_id"] == str(user.pk)


def test_an_invited_person_who_signs_up_joins_at_once(client, mailoutbox, sending):
    admin = MemberFactory()
    invitation = member_invite(
        organisation=admin.organisation,
        email="ann@example.org",
        role=MemberRole.EDITOR,
        invited_by=admin.user,
    )
    url = f"{reverse('providers:sign-up')}?invitation={invitation_token(invitation)}"
    assert 'value="ann@example.org"' in client.get(url).content.decode()
    with sending():
        response = client.post(
            url, {**DETAILS, "password": PASSWORD, "invitation": invitation_token(invitation)}
        )
    assert response.url == reverse("core:home")
    assert admin.organisation.name in client.get(response.url).content.decode()
    assert admin.organisation.members.filter(user__email="ann@example.org").exists()
