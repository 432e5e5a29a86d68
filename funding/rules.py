"""Who may do what with funding: one place for services, views and templates to ask."""

from core.access import has_role
from core.models import Role

# Office staff read their body's allocations; finance officers change them.
READERS = frozenset({Role.COMMISSIONING_OFFICER, Role.FINANCE_OFFICER, Role.DECISION_MAKER})
EDITORS = frozenset({Role.FINANCE_OFFICER})


def can_read(user, body) -> bool:
    return has_role(user, body, *READERS)


def can_edit(user, body) -> bool:
    return has_role(user, body, *EDITORS)


def can_import(user, body) -> bool:
    """A finance officer for their body; a site admin for any body, or all at once (None)."""
    if user.is_authenticated and user.is_staff:
        return True
    return body is not None and can_edit(user, body)


class CommandLine:
    """The person at the server's command line (`manage.py import_allocations`).

    They can already do anything to the database, so the command imports for every body.
    """

    is_authenticated = True
    is_staff = True
