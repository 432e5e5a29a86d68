"""Organisation X and its people and papers, for the permission matrix
(tests/providers/permissions.py): X's administrator and editor are personas; organisation Y's
member asks for X's things and gets 404."""

from tests.harness.matrix import matrix_object


@matrix_object
def organisation_x(objects):
    from tests.providers.factories import persona_organisation

    objects.users["provider_admin_x"]  # X with its administrator
    return persona_organisation("x")


@matrix_object
def member_x(objects):
    """A viewer of X whom X's administrator may change or remove."""
    from tests.providers.factories import MemberFactory

    return MemberFactory(organisation=objects.organisation_x, role="viewer")


@matrix_object
def invitation_x(objects):
    from tests.providers.factories import InvitationFactory

    return InvitationFactory(
        organisation=objects.organisation_x,
        email="invited-to-x@example.org",
        invited_by=objects.users["provider_admin_x"],
    )


@matrix_object
def invitation_x_token(objects):
    from providers.services.members import invitation_token

    return invitation_token(objects.invitation_x)


@matrix_object
def join_request_x(objects):
    from tests.providers.factories import JoinRequestFactory

    return JoinRequestFactory(organisation=objects.organisation_x)


@matrix_object
def document_x(objects):
    """X's current accounts."""
    from tests.providers.factories import DocumentFactory

    return DocumentFactory(organisation=objects.organisation_x)
