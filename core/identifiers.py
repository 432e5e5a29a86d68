"""Registration numbers and postcodes: check them, store them one way, publish them as org-ids.

Each `normalise_*` function takes what a person typed (any case, spaces, a familiar prefix)
and returns the one canonical form we store, or raises `ValidationError` with a message that
says what a valid value looks like. Because a Django validator is any callable that raises
`ValidationError`, each one also works in a field's `validators=[...]`; and
`NormalisedCharField(normalise=...)` puts one on a form.

Org-ids (https://org-id.guide) are how the 360Giving Data Standard names an organisation:
`GB-CHC-1123456`, `GB-SC-SC012345`, `GB-NIC-100123`, `GB-COH-01234567`.
"""

import re

from django import forms
from django.core.exceptions import ValidationError
from django.utils.translation import gettext_lazy as _

from core.vocabularies import CharityRegulator


def _compact(value, *, org_id_prefix: str) -> str:
    """Upper case, without spaces, and without the org-id prefix if one was pasted in."""
    if not isinstance(value, str):
        raise TypeError(f"expected a string, not {type(value).__name__}")
    text = re.sub(r"\s+", "", value).upper()
    return text.removeprefix(org_id_prefix)


# Charity Commission for England and Wales: 6 or 7 digits; a linked charity (one the main
# charity administers) adds "-" and its own number, like 1123456-1.
_CCEW = re.compile(r"(?P<number>[0-9]{6,7})(?:-(?P<linked>[1-9][0-9]{0,2}))?")
_CCEW_MESSAGE = _(
    "Enter a charity number for England and Wales as 6 or 7 digits, like 1123456, "
    "or 1123456-1 for a linked charity"
)


def normalise_ccew_charity_number(value: str) -> str:
    """'1123456', ' 1123456 - 1' -> '1123456', '1123456-1'."""
    text = _compact(value, org_id_prefix="GB-CHC-")
    match = _CCEW.fullmatch(text)
    if not match or not match["number"].strip("0"):
        raise ValidationError(_CCEW_MESSAGE, code="invalid_charity_number")
    return match["number"] + (f"-{match['linked']}" if match["linked"] else "")


# OSCR (Scotland): "SC" and 6 digits. The org-id keeps the SC: GB-SC-SC012345.
_OSCR = re.compile(r"(?:SC)?(?P<digits>[0-9]{6})")
_OSCR_MESSAGE = _("Enter a Scottish charity number as SC and 6 digits, like SC012345")


def normalise_oscr_charity_number(value: str) -> str:
    """'sc 012345', '012345' -> 'SC012345'."""
    text = _compact(value, org_id_prefix="GB-SC-")
    match = _OSCR.fullmatch(text)
    if not match or not match["digits"].strip("0"):
        raise ValidationError(_OSCR_MESSAGE, code="invalid_charity_number")
    return "SC" + match["digits"]


# Charity Commission for Northern Ireland: 6 digits, often written "NIC100123".
_CCNI = re.compile(r"(?:NIC)?(?P<digits>[0-9]{6})")
_CCNI_MESSAGE = _("Enter a Northern Ireland charity number as 6 digits, like 100123 or NIC100123")


def normalise_ccni_charity_number(value: str) -> str:
    """'NIC 100123', '100123' -> '100123'."""
    text = _compact(value, org_id_prefix="GB-NIC-")
    match = _CCNI.fullmatch(text)
    if not match or not match["digits"].strip("0"):
        raise ValidationError(_CCNI_MESSAGE, code="invalid_charity_number")
    return match["digits"]


_CHARITY_NORMALISERS = {
    CharityRegulator.CHARITY_COMMISSION_ENGLAND_WALES: normalise_ccew_charity_number,
    CharityRegulator.OSCR: normalise_oscr_charity_number,
    CharityRegulator.CHARITY_COMMISSION_NORTHERN_IRELAND: normalise_ccni_charity_number,
}
_CHARITY_ORG_ID_PREFIXES = {
    CharityRegulator.CHARITY_COMMISSION_ENGLAND_WALES: "GB-CHC-",
    CharityRegulator.OSCR: "GB-SC-",
    CharityRegulator.CHARITY_COMMISSION_NORTHERN_IRELAND: "GB-NIC-",
}


def normalise_charity_number(value: str, *, regulator: str) -> str:
    """The canonical number for the regulator the organisation is registered with.

    The regulator is always given, never guessed from the number: six digits are a valid
    number in England and Wales and in Northern Ireland alike.
    """
    return _CHARITY_NORMALISERS[CharityRegulator(regulator)](value)


def charity_org_id(value: str, *, regulator: str) -> str:
    """'1123456' with the Charity Commission for England and Wales -> 'GB-CHC-1123456'."""
    regulator = CharityRegulator(regulator)
    return _CHARITY_ORG_ID_PREFIXES[regulator] + normalise_charity_number(
        value, regulator=regulator
    )


# Companies House numbers are 8 characters. Companies in England and Wales have digits only;
# others have a two-letter prefix and 6 digits, old Northern Ireland companies "R" and 7
# digits, and societies from the mutuals register a prefix, 5 digits and a letter (IP12345R).
# People leave out leading zeros ("1234567" for 01234567), so the digits are padded.
# Prefixes as Companies House publishes them; the list changes rarely, so add to it here.
COMPANY_NUMBER_PREFIXES = frozenset(
    {
        # England and Wales
        "AC",  # assurance company
        "CE",  # charitable incorporated organisation
        "FC",  # overseas company
        "GE",  # European economic interest grouping
        "IP",  # industrial and provident society
        "LP",  # limited partnership
        "OC",  # limited liability partnership
        "OE",  # overseas entity
        "RC",  # royal charter
        "RS",  # registered society
        "SE",  # European company (Societas Europaea)
        "ZC",  # unregistered company
        # Scotland
        "CS",  # Scottish charitable incorporated organisation
        "ES",  # European company
        "GS",  # European economic interest grouping
        "SA",  # assurance company
        "SC",  # company
        "SF",  # overseas company (before October 2009)
        "SG",  # Scottish qualifying partnership
        "SL",  # limited partnership
        "SO",  # limited liability partnership
        "SP",  # industrial and provident society
        "SR",  # royal charter
        "SZ",  # unregistered company
        # Northern Ireland
        "EN",  # European company
        "GN",  # European economic interest grouping
        "NA",  # assurance company
        "NC",  # limited liability partnership
        "NF",  # overseas company (before October 2009)
        "NI",  # company
        "NL",  # limited partnership
        "NP",  # industrial and provident society
        "NR",  # royal charter
        "NZ",  # unregistered company
    }
)
_COMPANY = re.compile(
    r"(?P<digits_only>[0-9]{1,8})"
    r"|(?P<prefix>[A-Z]{2})(?P<digits>[0-9]{1,6})"
    r"|R(?P<r_digits>[0-9]{1,7})"
    r"|(?P<society>(?:IP|SP|NP)[0-9]{5}[A-Z])"
)
_COMPANY_MESSAGE = _(
    "Enter a company number as 8 characters, like 01234567, or with its letters, like SC123456"
)


def normalise_company_number(value: str) -> str:
    """'1234567' -> '01234567'; 'sc 12345' -> 'SC012345'; 'R123' -> 'R0000123'."""
    text = _compact(value, org_id_prefix="GB-COH-")
    match = _COMPANY.fullmatch(text)
    if match is None:
        raise ValidationError(_COMPANY_MESSAGE, code="invalid_company_number")
    if match["digits_only"]:
        number = match["digits_only"].zfill(8)
    elif match["prefix"]:
        if match["prefix"] not in COMPANY_NUMBER_PREFIXES:
            raise ValidationError(_COMPANY_MESSAGE, code="invalid_company_number")
        number = match["prefix"] + match["digits"].zfill(6)
    elif match["r_digits"]:
        number = "R" + match["r_digits"].zfill(7)
    else:
        number = match["society"]
    if not re.sub(r"[^0-9]", "", number).strip("0"):
        # 00000000 or SC000000: the right shape, but no company has it.
        raise ValidationError(_COMPANY_MESSAGE, code="invalid_company_number")
    return number


def company_org_id(value: str) -> str:
    """'1234567' -> 'GB-COH-01234567'."""
    return "GB-COH-" + normalise_company_number(value)


# A UK postcode: an outward code (area letters, district digit, optional digit or letter)
# and an inward code (sector digit, two unit letters). GIR 0AA is the one historic exception.
# Deliberately no stricter than this: a real postcode refused is worse than a typo let in.
_POSTCODE = re.compile(r"(?P<outward>[A-Z]{1,2}[0-9][A-Z0-9]?)(?P<inward>[0-9][A-Z]{2})")
_POSTCODE_MESSAGE = _("Enter a full UK postcode, like SW1A 1AA")


def normalise_postcode(value: str) -> str:
    """'sw1a1aa', ' SW1A  1AA ' -> 'SW1A 1AA'."""
    text = _compact(value, org_id_prefix="")
    if text == "GIR0AA":
        return "GIR 0AA"
    match = _POSTCODE.fullmatch(text)
    if match is None:
        raise ValidationError(_POSTCODE_MESSAGE, code="invalid_postcode")
    return f"{match['outward']} {match['inward']}"


class NormalisedCharField(forms.CharField):
    """A text field that cleans its value with one of the `normalise_*` functions above.

        postcode = NormalisedCharField(label=_("Postcode"), normalise=normalise_postcode)

    A blank optional field cleans to "" without calling the function.
    """

    def __init__(self, *, normalise, **kwargs):
        self.normalise = normalise
        kwargs.setdefault("max_length", 40)
        kwargs.setdefault("strip", True)
        super().__init__(**kwargs)

    def clean(self, value):
        value = super().clean(value)
        if value in self.empty_values:
            return value
        return self.normalise(value)
