"""What the returns' services refuse (core.errors.ApplicationError)."""

# ruff: noqa: N818

from core.errors import ApplicationError


class ReturnRefused(ApplicationError):
    """A rule of the monitoring return said no; `extra["problems"]` may list several."""
