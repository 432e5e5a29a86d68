"""The one base class for errors a service raises on purpose (STYLE.md, "Names")."""


class ApplicationError(Exception):
    """A rule of the service said no. `message` is safe to show to the user."""

    def __init__(self, message="", **extra):
        super().__init__(message)
        self.message = message
        self.extra = extra
