"""What the variations' services refuse (core.errors.ApplicationError: `message` is for people)."""

from grants.errors import AwardRefused


class VariationRefused(AwardRefused):
    """A rule of the variation said no; `extra["problems"]` may list several."""


class VariationOverLimit(VariationRefused):
    """The award as varied is above the decision maker's limit. `extra`: total, limit."""
