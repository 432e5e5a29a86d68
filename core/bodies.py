"""Matching the names that published tables print to a policing body.

Real allocation tables write "Avon & Somerset", "Dyfed Powys", "Metropolitan", "GLA-Police",
"London, City of" or "Kent Police and Crime Commissioner". We normalise a name to a key and
look it up among each body's own names and known aliases; anything else is unknown, never a
best guess.
"""

import re

from core.models import PolicingBody

# Words that name the office or the force rather than the area, removed from either end.
_AFFIXES = [
    "office of the police fire and crime commissioner for",
    "office of the police and crime commissioner for",
    "police fire and crime commissioner for",
    "police and crime commissioner for",
    "police fire and crime commissioner",
    "police and crime commissioner",
    "office of the",
    "police service",
    "constabulary",
    "police force",
    "police",
    "pfcc",
    "opcc",
    "pcc",
    "the",
]

# Names for London's two bodies and mayoral areas that the rules above cannot derive.
_ALIASES = {
    "metropolitan": "metropolitan",
    "metropolitan police district": "metropolitan",
    "metropolitan police service": "metropolitan",
    "met": "metropolitan",
    "gla": "metropolitan",
    "gla police": "metropolitan",
    "mopac": "metropolitan",
    "mayors office for policing and crime": "metropolitan",
    "london": "metropolitan",
    "city of london": "city-of-london",
    "london city of": "city-of-london",
    "common council of the city of london": "city-of-london",
    "york and north yorkshire": "north-yorkshire",
    "mayor of york and north yorkshire": "north-yorkshire",
    "mayor of greater manchester": "greater-manchester",
    "greater manchester combined authority": "greater-manchester",
    "mayor of west yorkshire": "west-yorkshire",
    "west yorkshire combined authority": "west-yorkshire",
    "mayor of south yorkshire": "south-yorkshire",
    "south yorkshire mayoral combined authority": "south-yorkshire",
    "greater london authority": "metropolitan",
    "metropolitan police service mopac": "metropolitan",
    "london metropolitan": "metropolitan",
    "hampshire and isle of wight": "hampshire",
    "hampshire and the isle of wight": "hampshire",
    "city of london corporation": "city-of-london",
}


def normalise_body_name(name: str) -> str:
    text = name.lower().replace("&", " and ")
    text = text.replace("\u2019", "'").replace("'", "")
    text = re.sub(r"[^a-z0-9]+", " ", text)
    text = re.sub(r"\s+", " ", text).strip()
    changed = True
    while changed and text:
        changed = False
        for affix in _AFFIXES:
            if text.startswith(affix + " "):
                text, changed = text[len(affix) + 1 :], True
            elif text.endswith(" " + affix):
                text, changed = text[: -len(affix) - 1], True
    return text


def _keys_for(body) -> set[str]:
    return {
        normalise_body_name(body.police_area),
        normalise_body_name(body.name),
        normalise_body_name(body.slug),
    }


def policing_body_resolve(name: str, *, bodies=None) -> PolicingBody | None:
    """The body a published name means, or None when the name is not one we know."""
    key = normalise_body_name(name or "")
    if not key:
        return None
    bodies = list(bodies if bodies is not None else PolicingBody.objects.all())
    alias = _ALIASES.get(key)
    for body in bodies:
        if body.slug == alias or (alias is None and key in _keys_for(body)):
            return body
    return None
