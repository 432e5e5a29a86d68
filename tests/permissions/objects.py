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

    # Providers: organisation X, whose administrator and editor are personas; organisation Y's
    # member asks for X's things and gets 404.
    @cached_property
    def organisation_x(self):
        from tests.providers.factories import persona_organisation

        self.users["provider_admin_x"]  # X with its administrator
        return persona_organisation("x")

    @cached_property
    def member_x(self):
        """A viewer of X whom X's administrator may change or remove."""
        from tests.providers.factories import MemberFactory

        return MemberFactory(organisation=self.organisation_x, role="viewer")

    @cached_property
    def invitation_x(self):
        from tests.providers.factories import InvitationFactory

        return InvitationFactory(
            organisation=self.organisation_x,
            email="invited-to-x@example.org",
            invited_by=self.users["provider_admin_x"],
        )

    @cached_property
    def invitation_x_token(self):
        from providers.services.members import invitation_token

        return invitation_token(self.invitation_x)

    @cached_property
    def join_request_x(self):
        from tests.providers.factories import JoinRequestFactory

        return JoinRequestFactory(organisation=self.organisation_x)

    @cached_property
    def document_x(self):
        """X's current accounts."""
        from tests.providers.factories import DocumentFactory

        return DocumentFactory(organisation=self.organisation_x)
