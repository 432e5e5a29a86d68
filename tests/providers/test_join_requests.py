import pytest

from providers.errors import AlreadyMember, JoinRequestAlreadyDecided
from providers.models import JoinRequest, MemberRole
from providers.services.members import join_request_create, join_request_decide
from tests.core.factories import UserFactory
from tests.providers.factories import MemberFactory

pytestmark = pytest.mark.django_db


@pytest.fixture
def admin():
    return MemberFactory(user__email="admin@example.org")


def test_asking_to_join_emails_the_administrators(admin, mailoutbox, sending):
    MemberFactory(organisation=admin.organisation, role=MemberRole.EDITOR)
    person = UserFactory(full_name="Jo Joiner")
    with sending():
        join_request = join_request_create(
            organisation=admin.organisation, user=person, message="I run the helpline."
        )
    (message,) = mailoutbox
    assert message.to == ["admin@example.org"]
    assert "Jo Joiner" in message.subject
    assert "I run the helpline." in message.body
    assert f"/join-requests/{join_request.pk}/" in message.body


def test_asking_twice_keeps_one_request(admin):
    person = UserFactory()
    first = join_request_create(organisation=admin.organisation, user=person)
    again = join_request_create(organisation=admin.organisation, user=person)
    assert first == again
    assert JoinRequest.objects.count() == 1


def test_a_member_cannot_ask_to_join(admin):
    with pytest.raises(AlreadyMember):
        join_request_create(organisation=admin.organisation, user=admin.user)


def test_approving_adds_the_person_with_the_role_chosen(admin, mailoutbox, sending):
    person = UserFactory()
    join_request = join_request_create(organisation=admin.organisation, user=person)
    with sending():
        join_request_decide(
            join_request=join_request, approve=True, role=MemberRole.EDITOR, decided_by=admin.user
        )
    member = admin.organisation.members.get(user=person)
    assert member.role == MemberRole.EDITOR
    assert "You have joined" in mailoutbox[-1].subject


def test_declining_adds_nobody_and_tells_the_person(admin, mailoutbox, sending):
    person = UserFactory()
    join_request = join_request_create(organisation=admin.organisation, user=person)
    with sending():
        join_request_decide(join_request=join_request, approve=False, decided_by=admin.user)
    assert not admin.organisation.members.filter(user=person).exists()
    assert "declined" in mailoutbox[-1].body


def test_a_request_is_decided_once(admin):
    join_request = join_request_create(organisation=admin.organisation, user=UserFactory())
    join_request_decide(join_request=join_request, approve=False, decided_by=admin.user)
    with pytest.raises(JoinRequestAlreadyDecided):
        join_request_decide(join_request=join_request, approve=True, decided_by=admin.user)
