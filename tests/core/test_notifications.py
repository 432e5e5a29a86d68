"""notify_once: one e-mail per event and person, unless they turned that kind off."""

import threading
from pathlib import Path

import pytest
from django.db import connection, transaction
from django.urls import reverse

from config.celery import app as celery_app
from core import notifications
from core.models import NotificationOptOut, NotificationSent
from core.notifications import (
    notification_kind_register,
    notification_kinds_for,
    notification_preferences_save,
    notify_once,
)
from tests.core.factories import UserFactory

pytestmark = pytest.mark.django_db

TEST_TEMPLATES = Path(__file__).parent / "templates"
KIND = "tests.notice"
ALWAYS = "tests.decision"


@pytest.fixture(autouse=True)
def test_templates(settings):
    engine = settings.TEMPLATES[0]
    settings.TEMPLATES = [{**engine, "DIRS": [*engine["DIRS"], TEST_TEMPLATES]}]


@pytest.fixture(autouse=True)
def kinds(monkeypatch):
    monkeypatch.setattr(notifications, "_KINDS", dict(notifications._KINDS))
    notification_kind_register(KIND, label="Notices about bids you follow")
    notification_kind_register(ALWAYS, label="Decisions about your bids", optional=False)


@pytest.fixture
def sending(django_capture_on_commit_callbacks):
    conf = celery_app.conf
    previous = {
        "task_always_eager": conf.task_always_eager,
        "task_eager_propagates": conf.task_eager_propagates,
    }
    conf.update(task_always_eager=True, task_eager_propagates=True)
    yield lambda: django_capture_on_commit_callbacks(execute=True)
    conf.update(previous)


def notice(user, event="bid:42:changed", kind=KIND):
    return notify_once(
        event, user, kind=kind, template="test_notice", context={"name": "Ann", "reference": "B-42"}
    )


def test_an_event_is_e_mailed_once_per_person(mailoutbox, sending):
    ann, bob = UserFactory(email="ann@example.org"), UserFactory(email="bob@example.org")
    with sending():
        assert notice(ann) is True
        assert notice(ann) is False
        assert notice(bob) is True
        assert notice(ann, event="bid:43:changed") is True
    assert sorted(message.to[0] for message in mailoutbox) == [
        "ann@example.org",
        "ann@example.org",
        "bob@example.org",
    ]
    assert NotificationSent.objects.filter(recipient=ann).count() == 2


def test_a_rolled_back_event_leaves_neither_the_stamp_nor_the_e_mail(mailoutbox, sending):
    ann = UserFactory()

    def fails_after_notifying():
        with transaction.atomic():
            notice(ann)
            raise RuntimeError("the bid was not saved")

    with sending(), pytest.raises(RuntimeError):
        fails_after_notifying()
    assert mailoutbox == []
    assert not NotificationSent.objects.exists()
    with sending():
        assert notice(ann) is True
    assert len(mailoutbox) == 1


def test_the_e_mail_is_in_the_persons_language_unless_the_caller_says(monkeypatch):
    queued = []
    monkeypatch.setattr(notifications, "_email_queue", lambda **kwargs: queued.append(kwargs))
    welsh = UserFactory(language="cy")
    notice(welsh)
    notify_once("bid:1:en", welsh, kind=KIND, template="test_notice", context={}, language="en")
    assert [(item["recipient"], item["language"]) for item in queued] == [
        (welsh, "cy"),
        (welsh, "en"),
    ]


def test_a_kind_turned_off_is_not_sent_but_one_that_must_be_sent_is(mailoutbox, sending):
    ann = UserFactory()
    notification_preferences_save(user=ann, turned_off={KIND, ALWAYS})
    assert list(NotificationOptOut.objects.values_list("kind", flat=True)) == [KIND]
    with sending():
        assert notice(ann) is False
        assert notice(ann, event="bid:42:decided", kind=ALWAYS) is True
    assert len(mailoutbox) == 1


def test_inactive_people_get_nothing_and_unknown_kinds_are_an_error():
    assert notice(UserFactory(is_active=False)) is False
    with pytest.raises(notifications.NotificationKindUnknownError):
        notice(UserFactory(), kind="tests.unregistered")
    with pytest.raises(ValueError, match="registered twice"):
        notification_kind_register(KIND, label="again")


@pytest.mark.django_db(transaction=True)
def test_two_workers_at_once_send_one_e_mail(monkeypatch):
    ann = UserFactory()
    queued = []
    monkeypatch.setattr(notifications, "_email_queue", lambda **kwargs: queued.append(kwargs))
    start = threading.Barrier(4)
    results = []

    def run():
        try:
            start.wait()
            with transaction.atomic():
                results.append(notice(ann))
        finally:
            connection.close()

    threads = [threading.Thread(target=run) for _ in range(4)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join(30)
    assert sorted(results) == [False, False, False, True]
    assert len(queued) == 1


def test_the_preferences_page_turns_kinds_off_and_on(signed_in, persona_users):
    client = signed_in("commissioning_officer_a")
    url = reverse("core:notification-preferences")
    html = client.get(url).content.decode()
    assert "Notices about bids you follow" in html
    assert "Decisions about your bids" in html  # listed as always sent, without a box
    assert html.count('type="checkbox"') == len(
        [k for k in notification_kinds_for(persona_users["commissioning_officer_a"]) if k.optional]
    )
    response = client.post(url, {"wanted": []})
    assert response.url == url
    user = persona_users["commissioning_officer_a"]
    assert set(NotificationOptOut.objects.filter(user=user).values_list("kind", flat=True)) == {
        KIND
    }
    client.post(url, {"wanted": [KIND]})
    assert not NotificationOptOut.objects.filter(user=user).exists()
    assert "checked" in client.get(url).content.decode()
