"""Errors the providers' services raise when a rule says no; each message is safe to show."""

from django.utils.translation import gettext_lazy as _

from core.errors import ApplicationError


class OrganisationAlreadyRegistered(ApplicationError):  # noqa: N818 (a rule said no, as STYLE.md names them)
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


class LastAdministrator(ApplicationError):  # noqa: N818 (a rule said no, as STYLE.md names them)
    def __init__(self):
        super().__init__(
            _(
                "An organisation must always have an administrator. Make someone else an "
                "administrator first."
            )
        )


class AlreadyMember(ApplicationError):  # noqa: N818 (a rule said no, as STYLE.md names them)
    def __init__(self, *, email):
        super().__init__(_("%(email)s is already a member of this organisation") % {"email": email})


class LinkNotValid(ApplicationError):  # noqa: N818 (a rule said no, as STYLE.md names them)
    """A sign-up or invitation link that has expired, was used or was cancelled."""

    EXPIRED = "expired"
    USED = "used"
    CANCELLED = "cancelled"
    WRONG_PERSON = "wrong-person"
    BROKEN = "broken"

    def __init__(self, reason, message):
        super().__init__(message, reason=reason)
        self.reason = reason


class JoinRequestAlreadyDecided(ApplicationError):  # noqa: N818 (a rule said no, as STYLE.md names them)
    def __init__(self):
        super().__init__(_("Someone has already decided this request."))
