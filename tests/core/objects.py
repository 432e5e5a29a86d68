"""Objects core's URLs in the permission matrix take (tests/core/permissions.py)."""

from pathlib import Path

from tests.harness.matrix import matrix_object


@matrix_object
def body_a(objects):
    from core.models import PolicingBody

    return PolicingBody.objects.get(slug="avon-and-somerset")


@matrix_object
def generated_file_a(objects):
    """A finished PDF that body A's commissioning officer asked for."""
    from tests.core.factories import DoneGeneratedFileFactory

    return DoneGeneratedFileFactory(requested_by=objects.users["commissioning_officer_a"])


@matrix_object
def outbox_message(objects):
    """A message the file e-mail backend wrote to the outbox: (file name, index)."""
    from django.conf import settings
    from django.core.mail import EmailMessage, get_connection

    connection = get_connection("django.core.mail.backends.filebased.EmailBackend")
    connection.send_messages(
        [
            EmailMessage(
                "Confirm your email address",
                "Open http://testserver/confirm/",
                to=["a@example.org"],
            )
        ]
    )
    files = sorted(Path(settings.EMAIL_FILE_PATH).glob("*.log"))
    return files[-1].name, 0


@matrix_object
def held_post_a(objects):
    """A form body A's commissioning officer sent after the session ran out. Its page needs
    the token in the sender's browser's cookie too, which no persona has: not found."""
    import datetime

    from django.utils import timezone

    from core.models import HeldPost

    return HeldPost.objects.create(
        url_name="commissioning:question-help-text",
        path="/commissioning/rounds/1/questions/1/help-text/",
        kwargs={"pk": 1, "question_pk": 1},
        data={"help_text": ["Typed before the session ran out"]},
        reason="session",
        sent_by=objects.users["commissioning_officer_a"],
        expires_at=timezone.now() + datetime.timedelta(hours=24),
    )
