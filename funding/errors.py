"""What the funding services refuse, each with a message the person can act on."""

# ruff: noqa: N818
from core.errors import ApplicationError


class RoleRequired(ApplicationError):
    """The person's role does not allow this (views answer 403)."""


class ImportRefused(ApplicationError):
    """The table has problem rows or cannot be imported; `extra["preview"]` says why."""


class PreviewOutdated(ApplicationError):
    """The allocations changed between the preview and the confirmation."""


class AllocationInvalid(ApplicationError):
    pass
