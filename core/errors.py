"""The one family of errors a service raises on purpose (docs/architecture.md, "Inside an app").

Business rules raise an `ApplicationError` subclass, never Django's `ValidationError` (which
is for what a person typed: a form field, an uploaded file's type). Views catch them and show
`message` on the form (core.pages.form_page).
"""

from django.core.exceptions import PermissionDenied


class ApplicationError(Exception):
    """A rule of the service said no. `message` is safe to show to the user."""

    def __init__(self, message="", **extra):
        super().__init__(message)
        self.message = message
        self.extra = extra


class NotAllowed(ApplicationError, PermissionDenied):  # noqa: N818 (named for what happened: docs/architecture.md)
    """The person acting may not do this: their role, or whose object it is. Services check
    it themselves, whoever calls them (a view, a command, the admin). It is also Django's
    PermissionDenied, so one that a view does not catch is a 403."""
