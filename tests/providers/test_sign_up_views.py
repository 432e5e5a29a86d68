import pytest
from django.urls import reverse

from core.models import User
from providers.models import MemberRole
from providers.services.members import invitation_token, member_invite
from tests.providers.factories import MemberFactory

pytestmark = pytest.mark.django_db

DETAILS = {
    "full_name": "Ann Example",
    "email": "Ann@Example.org",
    "password": "a tall giraffe reads novels",
}


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
    assert "Confirm my email address" in page.content.decode()
    assert not User.objects.get().is_active  # a GET (a mail scanner) confirms nothing
    response = client.post(confirm)
    assert response.url == reverse("providers:organisation-register")
    assert client.get(response.url).status_code == 200  # signed in
    assert User.objects.get().is_active


def test_a_used_confirmation_link_says_so(client, mailoutbox, sending):
    with sending():
        client.post(reverse("providers:sign-up"), DETAILS)
    confirm = link_in(mailoutbox[0], "/register/confirm/")
    client.post(confirm)
    client.post(reverse("core:sign-out"))
    body = client.post(confirm).content.decode()
    assert "already confirmed your email address" in body
    assert "<title>Error:" in body


def test_mistakes_are_shown_beside_the_fields_and_nothing_typed_is_lost(client):
    response = client.post(
        reverse("providers:sign-up"), {**DETAILS, "email": "not an address", "password": "short"}
    )
    body = response.content.decode()
    assert "<title>Error:" in body
    assert "Enter an email address in the correct format" in body
    assert "This password is too short" in body
    assert 'value="Ann Example"' in body
    assert 'value="not an address"' in body
    assert not User.objects.exists()


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
        response = client.post(url, {**DETAILS, "invitation": invitation_token(invitation)})
    assert response.url == reverse("core:home")
    assert admin.organisation.name in client.get(response.url).content.decode()
    assert admin.organisation.members.filter(user__email="ann@example.org").exists()
