from datetime import timedelta

import pytest
import time_machine
from django.urls import reverse
from django.utils import timezone

from providers.models import MemberRole, OrganisationMember
from providers.services.members import invitation_token
from tests.core.factories import UserFactory
from tests.harness.queries import assert_flat_queries
from tests.providers.factories import InvitationFactory, MemberFactory

pytestmark = pytest.mark.django_db


@pytest.fixture
def admin(client):
    member = MemberFactory(user__full_name="Ada Admin")
    client.force_login(member.user)
    return member


def url(name, member, **kwargs):
    return reverse(f"providers:{name}", kwargs={"pk": member.organisation_id, **kwargs})


def test_the_member_list_runs_the_same_queries_for_3_members_or_300(client, admin):
    """Queries: session, user, body roles, the second-factor check's two device lookups
    (providers need none unless they set one up), organisation memberships, members with
    their users, pending join requests, open invitations."""

    def make_rows(n):
        return MemberFactory.create_batch(n, organisation=admin.organisation, role="viewer")

    count = assert_flat_queries(
        client,
        url("member-list", admin),
        make_rows=make_rows,
        expect=lambda rows: [member.user.email for member in rows],
    )
    assert count == 9


def test_an_administrator_invites_a_colleague_by_email(client, admin, mailoutbox, sending):
    with sending():
        response = client.post(
            url("member-invite", admin), {"email": "colleague@example.org", "role": "editor"}
        )
    assert response.url == url("member-list", admin)
    assert mailoutbox[0].to == ["colleague@example.org"]
    assert "colleague@example.org" in client.get(response.url).content.decode()


def test_inviting_a_member_again_is_an_error_beside_the_address(client, admin):
    body = client.post(
        url("member-invite", admin), {"email": admin.user.email.upper(), "role": "viewer"}
    ).content.decode()
    assert "is already a member of this organisation" in body
    assert "<title>Error:" in body


def test_the_last_administrator_cannot_step_down(client, admin):
    body = client.post(
        url("member-role-change", admin, member_pk=admin.pk), {"role": "viewer"}
    ).content.decode()
    assert "must always have an administrator" in body
    admin.refresh_from_db()
    assert admin.role == MemberRole.ADMINISTRATOR


def test_the_last_administrator_cannot_leave(client, admin):
    body = client.post(url("organisation-leave", admin)).content.decode()
    assert "must always have an administrator" in body
    assert OrganisationMember.objects.filter(pk=admin.pk).exists()


def test_an_administrator_removes_a_member(client, admin):
    viewer = MemberFactory(organisation=admin.organisation, role="viewer")
    response = client.post(url("member-remove", admin, member_pk=viewer.pk))
    assert response.url == url("member-list", admin)
    assert not OrganisationMember.objects.filter(pk=viewer.pk).exists()


def test_an_editor_may_leave(client):
    editor = MemberFactory(role="editor")
    MemberFactory(organisation=editor.organisation)
    client.force_login(editor.user)
    response = client.post(url("organisation-leave", editor))
    assert response.url == reverse("core:home")
    assert not OrganisationMember.objects.filter(pk=editor.pk).exists()


def test_a_viewer_cannot_invite(client):
    viewer = MemberFactory(role="viewer")
    client.force_login(viewer.user)
    assert client.get(url("member-invite", viewer)).status_code == 403
    assert "Invite someone" not in client.get(url("member-list", viewer)).content.decode()


def test_another_organisations_members_are_not_found(client, admin):
    other = MemberFactory()
    assert client.get(url("member-list", other)).status_code == 404
    assert client.get(url("member-role-change", admin, member_pk=other.pk)).status_code == 404


def test_an_administrator_approves_a_join_request(client, admin, sending):
    from tests.providers.factories import JoinRequestFactory

    join_request = JoinRequestFactory(organisation=admin.organisation)
    assert join_request.user.email in client.get(url("member-list", admin)).content.decode()
    with sending():
        response = client.post(
            url("join-request-decide", admin, request_pk=join_request.pk),
            {"decision": "approve", "role": "editor"},
        )
    assert response.url == url("member-list", admin)
    assert admin.organisation.members.get(user=join_request.user).role == MemberRole.EDITOR


def test_an_invited_person_signs_in_and_joins(client):
    invitation = InvitationFactory(email="invitee@example.org", role="viewer")
    link = reverse("providers:invitation-accept", kwargs={"token": invitation_token(invitation)})
    anonymous = client.get(link).content.decode()
    assert invitation.organisation.name in anonymous
    assert "Create an account" in anonymous
    client.force_login(UserFactory(email="invitee@example.org"))
    response = client.post(link)
    assert response.url == reverse("core:home")
    assert invitation.organisation.members.get(user__email="invitee@example.org").role == "viewer"
    body = client.post(link).content.decode()
    assert "already been used" in body


def test_an_expired_invitation_says_so(client):
    invitation = InvitationFactory(email="invitee@example.org")
    client.force_login(UserFactory(email="invitee@example.org"))
    link = reverse("providers:invitation-accept", kwargs={"token": invitation_token(invitation)})
    with time_machine.travel(timezone.now() + timedelta(days=8)):
        body = client.post(link).content.decode()
    assert "This invitation has expired" in body
    assert "<title>Error:" in body
    assert not invitation.organisation.members.exists()


def test_the_invitation_is_for_the_address_it_was_sent_to(client):
    invitation = InvitationFactory(email="invitee@example.org")
    client.force_login(UserFactory(email="someone.else@example.org"))
    link = reverse("providers:invitation-accept", kwargs={"token": invitation_token(invitation)})
    assert "This invitation was sent to invitee@example.org" in client.post(link).content.decode()


def test_each_list_on_the_members_page_is_named_once(client, admin):
    InvitationFactory(organisation=admin.organisation, invited_by=admin.user)
    page = client.get(url("member-list", admin)).content.decode()
    assert page.count("Invitations not yet accepted") == 1
