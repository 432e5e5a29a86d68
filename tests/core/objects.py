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
