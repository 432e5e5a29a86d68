"""Objects owned by body A (and its providers) that URL declarations take path arguments from.

Later issues add their objects here as cached properties, created on first use.
"""

from functools import cached_property
from pathlib import Path


class Objects:
    def __init__(self, users):
        self.users = users

    @cached_property
    def body_a(self):
        from core.models import PolicingBody

        return PolicingBody.objects.get(slug="avon-and-somerset")

    @cached_property
    def generated_file_a(self):
        """A finished PDF that body A's commissioning officer asked for."""
        from tests.core.factories import DoneGeneratedFileFactory

        return DoneGeneratedFileFactory(requested_by=self.users["commissioning_officer_a"])

    @cached_property
    def outbox_message(self):
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
