import pytest

from core.audit import events_for
from providers.errors import AdministratorRequired, LastAdministrator, SiteAdministratorRequired
from providers.models import MemberRole, OrganisationMember
from providers.services.members import (
    invitation_revoke,
    join_request_decide,
    member_appoint_administrator,
    member_invite,
    member_remove,
    member_role_change,
)
from tests.core.factories import SiteAdminFactory, UserFactory
from tests.providers.factories import (
    InvitationFactory,
    JoinRequestFactory,
    MemberFactory,
    OrganisationFactory,
)

pytestmark = pytest.mark.django_db


@pytest.fixture
def organisation():
    return OrganisationFactory()


def test_an_administrator_changes_a_members_role_and_it_is_audited(organisation):
    admin = MemberFactory(organisation=organisation)
    editor = MemberFactory(organisation=organisation, role=MemberRole.EDITOR)
    member_role_change(member=editor, role=MemberRole.VIEWER, changed_by=admin.user)
    editor.refresh_from_db()
    assert editor.role == MemberRole.VIEWER
    assert [e.pgh_label for e in events_for(editor)] == ["insert", "update"]


def test_the_last_administrator_cannot_become_an_editor(organisation):
    admin = MemberFactory(organisation=organisation)
    with pytest.raises(LastAdministrator):
        member_role_change(member=admin, role=MemberRole.EDITOR, changed_by=admin.user)
    admin.refresh_from_db()
    assert admin.role == MemberRole.ADMINISTRATOR


def test_one_of_two_administrators_may_step_down(organisation):
    first = MemberFactory(organisation=organisation)
    MemberFactory(organisation=organisation)
    member_role_change(member=first, role=MemberRole.EDITOR, changed_by=first.user)
    first.refresh_from_db()
    assert first.role == MemberRole.EDITOR


def test_the_last_administrator_cannot_leave_or_be_removed(organisation):
    admin = MemberFactory(organisation=organisation)
    MemberFactory(organisation=organisation, role=MemberRole.EDITOR)
    with pytest.raises(LastAdministrator):
        member_remove(member=admin, removed_by=admin.user)
    assert OrganisationMember.objects.filter(pk=admin.pk).exists()


def test_removing_a_member_twice_changes_nothing_the_second_time(organisation):
    admin = MemberFactory(organisation=organisation)
    viewer = MemberFactory(organisation=organisation, role=MemberRole.VIEWER)
    member_remove(member=viewer, removed_by=admin.user)
    member_remove(member=viewer, removed_by=admin.user)
    assert list(organisation.members.all()) == [admin]


def test_a_site_admin_appoints_an_administrator_when_none_is_reachable(organisation):
    viewer = MemberFactory(organisation=organisation, role=MemberRole.VIEWER)
    newcomer = UserFactory()
    site_admin = SiteAdminFactory()
    member_appoint_administrator(
        organisation=organisation, user=viewer.user, appointed_by=site_admin
    )
    member_appoint_administrator(organisation=organisation, user=newcomer, appointed_by=site_admin)
    roles = dict(organisation.members.values_list("user", "role"))
    assert roles == {viewer.user.pk: "administrator", newcomer.pk: "administrator"}


def test_a_person_may_belong_to_several_organisations():
    person = UserFactory()
    MemberFactory(user=person)
    MemberFactory(user=person, role=MemberRole.VIEWER)
    assert person.organisation_memberships.count() == 2


# --- The person acting: the services check it themselves, whoever calls them ------------------


@pytest.mark.parametrize("role", [MemberRole.EDITOR, MemberRole.VIEWER])
def test_only_an_administrator_changes_roles_or_removes_others(organisation, role):
    MemberFactory(organisation=organisation)
    actor = MemberFactory(organisation=organisation, role=role)
    other = MemberFactory(organisation=organisation, role=MemberRole.VIEWER)
    with pytest.raises(AdministratorRequired):
        member_role_change(member=other, role=MemberRole.ADMINISTRATOR, changed_by=actor.user)
    with pytest.raises(AdministratorRequired):
        member_remove(member=other, removed_by=actor.user)
    other.refresh_from_db()
    assert other.role == MemberRole.VIEWER


def test_an_administrator_of_another_organisation_is_refused(organisation):
    outsider = MemberFactory()  # administrator of another organisation
    viewer = MemberFactory(organisation=organisation, role=MemberRole.VIEWER)
    with pytest.raises(AdministratorRequired):
        member_remove(member=viewer, removed_by=outsider.user)
    assert OrganisationMember.objects.filter(pk=viewer.pk).exists()


def test_a_member_who_is_not_an_administrator_may_leave(organisation):
    MemberFactory(organisation=organisation)
    viewer = MemberFactory(organisation=organisation, role=MemberRole.VIEWER)
    member_remove(member=viewer, removed_by=viewer.user)
    assert not OrganisationMember.objects.filter(pk=viewer.pk).exists()


def test_only_an_administrator_invites_or_cancels_an_invitation(organisation):
    admin = MemberFactory(organisation=organisation)
    editor = MemberFactory(organisation=organisation, role=MemberRole.EDITOR)
    with pytest.raises(AdministratorRequired):
        member_invite(
            organisation=organisation,
            email="new@example.org",
            role=MemberRole.EDITOR,
            invited_by=editor.user,
        )
    invitation = InvitationFactory(organisation=organisation, invited_by=admin.user)
    with pytest.raises(AdministratorRequired):
        invitation_revoke(invitation=invitation, revoked_by=editor.user)
    invitation.refresh_from_db()
    assert invitation.revoked_at is None


def test_only_an_administrator_decides_a_join_request(organisation):
    MemberFactory(organisation=organisation)
    editor = MemberFactory(organisation=organisation, role=MemberRole.EDITOR)
    join_request = JoinRequestFactory(organisation=organisation)
    with pytest.raises(AdministratorRequired):
        join_request_decide(join_request=join_request, approve=True, decided_by=editor.user)
    assert not organisation.members.filter(user=join_request.user).exists()


@pytest.mark.parametrize("is_staff", [False, True])
def test_only_a_superuser_appoints_an_administrator(organisation, is_staff):
    viewer = MemberFactory(organisation=organisation, role=MemberRole.VIEWER)
    with pytest.raises(SiteAdministratorRequired):
        member_appoint_administrator(
            organisation=organisation,
            user=viewer.user,
            appointed_by=UserFactory(is_staff=is_staff),
        )
    viewer.refresh_from_db()
    assert viewer.role == MemberRole.VIEWER
