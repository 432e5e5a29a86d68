import pytest

from core.audit import events_for
from providers.errors import LastAdministrator
from providers.models import MemberRole, OrganisationMember
from providers.services.members import (
    member_appoint_administrator,
    member_remove,
    member_role_change,
)
from tests.core.factories import SiteAdminFactory, UserFactory
from tests.providers.factories import MemberFactory, OrganisationFactory

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
