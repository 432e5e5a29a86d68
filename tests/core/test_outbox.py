from email.utils import formatdate
from pathlib import Path
from urllib.parse import quote

import pytest
from django.core.mail import EmailMultiAlternatives
from django.core.mail.backends.filebased import EmailBackend
from django.urls import reverse

from core.email import email_send
from core.outbox import outbox_messages
from tests.core.factories import SiteAdminFactory, UserFactory
from tests.harness.personas import sign_in_verified

TEST_TEMPLATES = Path(__file__).parent / "templates"


@pytest.fixture
def outbox(settings, tmp_path):
    settings.EMAIL_FILE_PATH = tmp_path / "outbox"
    return settings.EMAIL_FILE_PATH


def message(subject, to, body, *, date, html=None):
    mail = EmailMultiAlternatives(
        subject, body, "commissioning@example.org", [to], headers={"Date": formatdate(date)}
    )
    if html:
        mail.attach_alternative(html, "text/html")
    return mail


def write(outbox, *messages):
    """Write through Django's own file backend: one connection, one file, several messages."""
    EmailBackend(file_path=str(outbox)).send_messages(list(messages))


JAN_1 = 1767225600  # 2026-01-01 00:00:00 UTC


def test_it_reads_several_messages_from_one_file_newest_first(outbox):
    write(
        outbox,
        message("First", "ann@example.org", "one", date=JAN_1),
        message("Third", "cy@example.org", "three", date=JAN_1 + 120),
    )
    write(outbox, message("Second", "bob@example.org", "two", date=JAN_1 + 60))
    messages = outbox_messages()
    assert [m.subject for m in messages] == ["Third", "Second", "First"]
    assert [m.to for m in messages] == ["cy@example.org", "bob@example.org", "ann@example.org"]
    assert messages[0].text.strip() == "three"


@pytest.mark.django_db
def test_site_admins_see_the_list_and_follow_a_link_in_a_message(client, outbox):
    write(
        outbox,
        message(
            "Confirm your e-mail address",
            "ann@example.org",
            "Hello <script>alert(1)</script>\n\nConfirm: http://127.0.0.1:8000/confirm/abc123/\n",
            date=JAN_1,
            html='<p><a href="http://127.0.0.1:8000/confirm/abc123/">Confirm</a></p>',
        ),
    )
    sign_in_verified(client, SiteAdminFactory())
    listing = client.get(reverse("core:outbox")).content.decode()
    assert "ann@example.org" in listing
    assert "1 January 2026" in listing
    (entry,) = outbox_messages()
    url = reverse("core:outbox-message", args=[entry.file_name, entry.index])
    assert url in listing

    page = client.get(url).content.decode()
    assert "Confirm your e-mail address" in page
    assert (
        '<a href="http://127.0.0.1:8000/confirm/abc123/" rel="nofollow">'
        "http://127.0.0.1:8000/confirm/abc123/</a>"
    ) in page
    assert "&lt;script&gt;alert(1)&lt;/script&gt;" in page
    assert "<script>" not in page
    assert 'href="http://127.0.0.1:8000/confirm/abc123/">http://127.0.0.1' in page


@pytest.mark.django_db
def test_what_the_service_sends_under_make_run_appears_in_the_outbox(
    client, outbox, settings, eager_tasks, django_capture_on_commit_callbacks
):
    settings.EMAIL_BACKEND = "django.core.mail.backends.filebased.EmailBackend"
    engine = settings.TEMPLATES[0]
    settings.TEMPLATES = [{**engine, "DIRS": [*engine["DIRS"], TEST_TEMPLATES]}]
    with django_capture_on_commit_callbacks(execute=True):
        email_send(
            to="ann@example.org",
            template="test_message",
            context={"name": "Ann", "reference": "B-7", "token": "t0k"},
        )
    (entry,) = outbox_messages()
    assert entry.subject == "Bid B-7 was received"
    assert entry.html_links == [f"{settings.SITE_URL}/confirm/t0k/"]
    sign_in_verified(client, SiteAdminFactory())
    page = client.get(reverse("core:outbox-message", args=[entry.file_name, 0])).content.decode()
    assert f'<a href="{settings.SITE_URL}/confirm/t0k/" rel="nofollow">' in page


@pytest.mark.django_db
def test_an_empty_or_missing_outbox_says_so(client, outbox):
    sign_in_verified(client, SiteAdminFactory())
    page = client.get(reverse("core:outbox")).content.decode()
    assert "There are no messages in the outbox." in page


@pytest.mark.django_db
def test_unknown_messages_are_not_found(client, outbox):
    write(outbox, message("Hi", "ann@example.org", "x", date=JAN_1))
    (entry,) = outbox_messages()
    sign_in_verified(client, SiteAdminFactory())
    assert client.get(reverse("core:outbox-message", args=[entry.file_name, 5])).status_code == 404
    assert client.get(reverse("core:outbox-message", args=["other.log", 0])).status_code == 404
    assert client.get(reverse("core:outbox-message", args=[".hidden.log", 0])).status_code == 404
    assert client.get("/outbox/..%2F..%2Fetc%2Fpasswd/0/").status_code == 404


@pytest.mark.django_db
def test_only_site_admins_may_read_the_outbox(client, outbox, settings):
    settings.LOGIN_URL = "/sign-in/"
    write(outbox, message("Hi", "ann@example.org", "x", date=JAN_1))
    (entry,) = outbox_messages()
    urls = [
        reverse("core:outbox"),
        reverse("core:outbox-message", args=[entry.file_name, entry.index]),
    ]
    for url in urls:
        response = client.get(url)
        assert response.status_code == 302
        assert response["Location"] == f"/sign-in/?next={quote(url)}"
    client.force_login(UserFactory())
    for url in urls:
        assert client.get(url).status_code == 403
