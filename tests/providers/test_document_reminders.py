import datetime

import pytest
import time_machine
from django.utils import timezone

from providers.documents import DocumentKind
from providers.models import DueDiligenceDocument, MemberRole
from providers.services.documents import document_reminders_send
from tests.core.factories import StoredFileFactory
from tests.providers.factories import MemberFactory

pytestmark = pytest.mark.django_db

TODAY = datetime.date(2026, 3, 1)


@pytest.fixture
def organisation():
    admin = MemberFactory(user__email="admin@example.org")
    MemberFactory(
        organisation=admin.organisation, role=MemberRole.EDITOR, user__email="ed@example.org"
    )
    MemberFactory(
        organisation=admin.organisation, role=MemberRole.VIEWER, user__email="vi@example.org"
    )
    return admin.organisation


def document(organisation, valid_until, kind=DocumentKind.INSURANCE, **fields):
    return DueDiligenceDocument.objects.create(
        organisation=organisation,
        kind=kind,
        file=StoredFileFactory(),
        document_date=valid_until,
        valid_until=valid_until,
        **fields,
    )


def test_a_document_expiring_within_30_days_is_reminded_of_to_administrators_and_editors(
    organisation, mailoutbox, sending
):
    document(organisation, TODAY + datetime.timedelta(days=30))
    with sending():
        assert document_reminders_send(today=TODAY) == 1
    (message,) = mailoutbox
    assert sorted(message.to) == ["admin@example.org", "ed@example.org"]
    assert message.subject == (
        f"Insurance certificate for {organisation.name} goes out of date on 31 March 2026"
    )
    assert f"/organisations/{organisation.pk}/documents/" in message.body


def test_a_document_further_off_is_not_reminded_of_yet(organisation, mailoutbox, sending):
    document(organisation, TODAY + datetime.timedelta(days=31))
    with sending():
        assert document_reminders_send(today=TODAY) == 0
    assert mailoutbox == []


def test_running_twice_sends_each_reminder_once(organisation, mailoutbox, sending):
    document(organisation, TODAY + datetime.timedelta(days=10))
    with sending():
        document_reminders_send(today=TODAY)
        document_reminders_send(today=TODAY)
        document_reminders_send(today=TODAY + datetime.timedelta(days=1))
    assert len(mailoutbox) == 1


def test_on_expiry_a_second_reminder_is_sent_once(organisation, mailoutbox, sending):
    expiring = document(organisation, TODAY + datetime.timedelta(days=5))
    with sending():
        document_reminders_send(today=TODAY)
        document_reminders_send(today=expiring.valid_until)  # its last day: nothing new
        document_reminders_send(today=expiring.valid_until + datetime.timedelta(days=1))
        document_reminders_send(today=expiring.valid_until + datetime.timedelta(days=2))
    assert [m.subject.endswith("is out of date") for m in mailoutbox] == [False, True]


def test_a_replaced_document_is_not_reminded_of(organisation, mailoutbox, sending):
    old = document(organisation, TODAY + datetime.timedelta(days=5))
    new = document(
        organisation, TODAY + datetime.timedelta(days=400), kind=DocumentKind.DATA_PROTECTION
    )
    DueDiligenceDocument.objects.filter(pk=old.pk).update(
        replaced_at=timezone.now(), replaced_by=new
    )
    with sending():
        assert document_reminders_send(today=TODAY) == 0


def test_a_governing_document_never_expires_so_is_never_reminded_of(organisation, sending):
    DueDiligenceDocument.objects.create(
        organisation=organisation,
        kind=DocumentKind.GOVERNING_DOCUMENT,
        file=StoredFileFactory(),
        document_date=datetime.date(2001, 1, 1),
    )
    with sending():
        assert document_reminders_send(today=TODAY) == 0


def test_a_new_expiry_date_on_the_same_document_is_reminded_of_again(
    organisation, mailoutbox, sending
):
    reminded = document(
        organisation,
        TODAY + datetime.timedelta(days=5),
        expiring_reminder_sent_for=TODAY - datetime.timedelta(days=300),
    )
    with sending():
        document_reminders_send(today=TODAY)
    reminded.refresh_from_db()
    assert reminded.expiring_reminder_sent_for == reminded.valid_until
    assert len(mailoutbox) == 1


def test_the_task_uses_todays_date_in_london(organisation, mailoutbox, sending):
    from providers.tasks import document_reminders

    document(organisation, datetime.date(2026, 5, 1))
    # 23:30 UTC on 31 March is already 1 April in London (BST): 30 days to go, not 31.
    moment = datetime.datetime(2026, 3, 31, 23, 30, tzinfo=datetime.UTC)
    with time_machine.travel(moment, tick=False), sending():
        assert document_reminders() == 1


def test_people_who_turned_the_reminders_off_are_left_out(organisation, mailoutbox, sending):
    from core.notifications import notification_preferences_save

    editor = organisation.members.get(role=MemberRole.EDITOR).user
    notification_preferences_save(user=editor, turned_off={"providers.document_reminders"})
    document(organisation, TODAY + datetime.timedelta(days=10))
    with sending():
        document_reminders_send(today=TODAY)
    (message,) = mailoutbox
    assert message.to == ["admin@example.org"]
