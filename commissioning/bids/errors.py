"""What the bid services refuse, each with a message the person can act on."""

# ruff: noqa: N818
from core.errors import ApplicationError, NotAllowed


class BidRoleRequired(NotAllowed):
    """The person is not an editor of the bid's organisation, or not office staff of the
    round's lead body for an office move (views answer 403)."""


class RoundNotOpenForBids(ApplicationError):
    """The round is not open (not yet, closed by the clock, or cancelled)."""


class RoundClosedForBid(RoundNotOpenForBids):
    """The closing instant had passed when the request arrived; the bid stays a draft."""


class NotEligible(ApplicationError):
    """`extra["problems"]` lists every unmet condition."""


class BidExists(ApplicationError):
    """The organisation already has a bid for the round (or lot): `extra["bid"]`."""


class BidNotEditable(ApplicationError):
    """The bid is no longer a draft."""


class SectionChanged(ApplicationError):
    """A colleague saved the section after the page was read: nothing was written.
    `extra["version"]` is the section's version now, `extra["saved_by"]` and
    `extra["saved_at"]` who saved it and when."""


class AlreadySubmitted(ApplicationError):
    """A second submit (another tab, a double click, a retry): `extra["bid"]` is the bid,
    submitted once, with its one reference."""


class BidIncomplete(ApplicationError):
    """`extra["problems"]` lists every `Problem` to put right before submitting."""


class BidTransitionRefused(ApplicationError):
    pass


class PartnerRefused(ApplicationError):
    """`extra["field"]` names the field at fault."""
