"""Errors the providers' services raise when a rule says no; each message is safe to show."""

from django.utils.translation import gettext_lazy as _

from core.errors import ApplicationError, NotAllowed


class OrganisationAlreadyRegistered(ApplicationError):  # noqa: N818 (named for what happened: docs/architecture.md)
    """Another organisation has (or had) this number, or this name at this postcode.

    `organisation` is the one already registered; `field` is the form field that matched.
    """

    def __init__(self, *, organisation, field):
        message = _(
            "%(name)s is already registered with this %(what)s. You can ask its "
            "administrators to let you join it."
        ) % {"name": organisation.name, "what": _FIELD_WORDS.get(field, _("name and postcode"))}
        super().__init__(message, organisation=organisation, field=field)
        self.organisation = organisation
        self.field = field


_FIELD_WORDS = {
    "charity_number": _("charity number"),
    "company_number": _("company number"),
    "name": _("name and postcode"),
}


class LastAdministrator(ApplicationError):  # noqa: N818 (named for what happened: docs/architecture.md)
    def __init__(self):
        super().__init__(
            _(
                "An organisation must always have an administrator. Make someone else an "
                "administrator first."
            )
        )


class AlreadyMember(ApplicationError):  # noqa: N818 (named for what happened: docs/architecture.md)
    def __init__(self, *, email):
        super().__init__(_("%(email)s is already a member of this organisation") % {"email": email})


class LinkNotValid(ApplicationError):  # noqa: N818 (named for what happened: docs/architecture.md)
    """A sign-up or invitation link that has expired, was used or was cancelled."""

    EXPIRED = "expired"
    USED = "used"
    CANCELLED = "cancelled"
    WRONG_PERSON = "wrong-person"
    BROKEN = "broken"

    def __init__(self, reason, message):
        super().__init__(message, reason=reason)
        self.reason = reason


class JoinRequestAlreadyDecided(ApplicationError):  # noqa: N818 (named for what happened: docs/architecture.md)
    def __init__(self):
        super().__init__(_("Someone has already decided this request."))


class AdministratorRequired(NotAllowed):
    """Only the organisation's administrators manage its people (a 403 in views)."""

    def __init__(self):
        super().__init__(_("Only an administrator of the organisation can do this."))


class EditorRequired(NotAllowed):
    """Editors and administrators of the organisation write for it; viewers only read."""

    def __init__(self):
        super().__init__(_("Only an editor or administrator of the organisation can do this."))


class SiteAdministratorRequired(NotAllowed):
    def __init__(self):
        super().__init__(_("Only a site administrator can appoint an administrator."))


class OfficeStaffRequired(NotAllowed):
    """The registry's verifications and notes are written by office staff, for their body."""

    def __init__(self):
        super().__init__(_("Only office staff of this body can do this."))


class NothingChecked(ApplicationError):  # noqa: N818 (named for what happened: docs/architecture.md)
    def __init__(self):
        super().__init__(_("Select what you checked: the registration numbers, documents, or both"))


class DocumentReplaced(ApplicationError):  # noqa: N818 (named for what happened: docs/architecture.md)
    def __init__(self):
        super().__init__(_("A document you checked has since been replaced: check the new version"))


class NoteEmpty(ApplicationError):  # noqa: N818 (named for what happened: docs/architecture.md)
    def __init__(self):
        super().__init__(_("Enter the note"))
