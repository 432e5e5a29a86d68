"""What termination, recovery and close-out refuse (core.errors.ApplicationError)."""

# ruff: noqa: N818

from core.errors import ApplicationError


class RecoveryRefused(ApplicationError):
    """A receipt cannot be recorded as given; `extra["problems"]` lists why."""
