"""GOV.UK tags for statuses. Each status `TextChoices` names the colour of each of its
members right beside it:

    class PlanStatus(models.TextChoices):
        DRAFT = "draft", _("Draft")
        ...

    tag_colours(PlanStatus, DRAFT="grey", CONSULTATION="light-blue", ...)

and any page shows one with `{% load status_tag %}{% status_tag plan.status "PlanStatus" %}`:
the member's label in its colour. Every member must have a colour, so a new status cannot be
added without one.
"""

from django.db import models

# The colours GOV.UK's tag component has (https://design-system.service.gov.uk/components/tag/).
COLOURS = frozenset(
    {
        "grey",
        "green",
        "turquoise",
        "blue",
        "light-blue",
        "purple",
        "pink",
        "red",
        "orange",
        "yellow",
    }
)

_CHOICES: dict[str, tuple[type[models.TextChoices], dict[str, str]]] = {}


def tag_colours(choices: type[models.TextChoices], **colours: str) -> None:
    """Register each member's colour, by member name: `tag_colours(X, DRAFT="grey", ...)`."""
    names = {member.name for member in choices}
    missing = names - set(colours)
    unknown = set(colours) - names
    wrong = {colour for colour in colours.values() if colour not in COLOURS}
    if missing or unknown or wrong:
        raise ValueError(
            f"{choices.__name__}: no colour for {sorted(missing)}, unknown members "
            f"{sorted(unknown)}, not GOV.UK tag colours {sorted(wrong)}"
        )
    existing = _CHOICES.get(choices.__name__)
    if existing is not None and existing[0] is not choices:
        raise ValueError(f"another status TextChoices is already called {choices.__name__}")
    _CHOICES[choices.__name__] = (
        choices,
        {choices[name].value: colour for name, colour in colours.items()},
    )


def status_tag_parts(value, choices_name: str) -> tuple[str, str]:
    """(label, colour) of `value`, a member or its stored value, of the named TextChoices."""
    try:
        choices, colours = _CHOICES[choices_name]
    except KeyError:
        raise ValueError(f"no tag colours for {choices_name!r}: call tag_colours()") from None
    member = choices(value)
    return member.label, colours[member.value]
