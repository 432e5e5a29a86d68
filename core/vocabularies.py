"""Fixed vocabularies every app shares (docs/domain.md, Shared vocabularies).

These lists are fixed by law or by a published standard, so they live in code as
`TextChoices`; a change to one is a code change, reviewed and migrated. Lists that site
administrators may edit (service categories, victim groups) are tables instead: see
`core.models.ServiceCategory` and `core.models.VictimGroup`.

The stored values are short, stable slugs; labels are translated.
"""

from decimal import Decimal

from django.db import models
from django.utils.translation import gettext_lazy as _


class Identifier(models.TextChoices):
    """A registration number an organisation may have to give."""

    CHARITY_NUMBER = "charity-number", _("charity number")
    COMPANY_NUMBER = "company-number", _("company number")


class LegalForm(models.TextChoices):
    REGISTERED_CHARITY = "registered-charity", _("Registered charity")
    CHARITABLE_INCORPORATED_ORGANISATION = "cio", _("Charitable incorporated organisation (CIO)")
    CHARITABLE_COMPANY = "charitable-company", _("Charitable company")
    COMPANY_LIMITED_BY_GUARANTEE = "clg", _("Company limited by guarantee")
    COMMUNITY_INTEREST_COMPANY = "cic", _("Community interest company (CIC)")
    REGISTERED_SOCIETY = "registered-society", _("Registered society")
    SOCIAL_ENTERPRISE = "social-enterprise", _("Social enterprise")
    UNINCORPORATED_COMMUNITY_GROUP = "community-group", _("Unincorporated community group")
    STATUTORY_BODY = "statutory-body", _("Statutory body")
    PRIVATE_COMPANY = "private-company", _("Private company")


_CHARITY = (Identifier.CHARITY_NUMBER,)
_COMPANY = (Identifier.COMPANY_NUMBER,)

# Which registration numbers each legal form must give. A registered society is registered
# with the FCA, not Companies House or a charity regulator, and "social enterprise" describes
# a purpose rather than a registration, so neither needs a number here; a social enterprise
# that is also a company or a charity should choose that form instead.
_IDENTIFIERS_REQUIRED: dict[str, tuple[Identifier, ...]] = {
    LegalForm.REGISTERED_CHARITY: _CHARITY,
    LegalForm.CHARITABLE_INCORPORATED_ORGANISATION: _CHARITY,
    LegalForm.CHARITABLE_COMPANY: (Identifier.CHARITY_NUMBER, Identifier.COMPANY_NUMBER),
    LegalForm.COMPANY_LIMITED_BY_GUARANTEE: _COMPANY,
    LegalForm.COMMUNITY_INTEREST_COMPANY: _COMPANY,
    LegalForm.REGISTERED_SOCIETY: (),
    LegalForm.SOCIAL_ENTERPRISE: (),
    LegalForm.UNINCORPORATED_COMMUNITY_GROUP: (),
    LegalForm.STATUTORY_BODY: (),
    LegalForm.PRIVATE_COMPANY: _COMPANY,
}


def identifiers_required(legal_form: str) -> tuple[Identifier, ...]:
    """The identifiers an organisation of this legal form must give, charity number first.

    An empty tuple means none. Raises ValueError for a value that is not a `LegalForm`.
    """
    try:
        return _IDENTIFIERS_REQUIRED[LegalForm(legal_form)]
    except ValueError:
        raise ValueError(f"{legal_form!r} is not a legal form") from None


class CharityRegulator(models.TextChoices):
    CHARITY_COMMISSION_ENGLAND_WALES = "ccew", _("Charity Commission for England and Wales")
    OSCR = "oscr", _("Office of the Scottish Charity Regulator (OSCR)")
    CHARITY_COMMISSION_NORTHERN_IRELAND = "ccni", _("Charity Commission for Northern Ireland")


class IncomeBand(models.TextChoices):
    """An organisation's annual income, in the bands funders commonly ask for."""

    UNDER_10K = "under-10k", _("Under £10,000")
    FROM_10K_TO_100K = "10k-100k", _("£10,000 to £100,000")
    FROM_100K_TO_1M = "100k-1m", _("£100,000 to £1 million")
    FROM_1M_TO_10M = "1m-10m", _("£1 million to £10 million")
    OVER_10M = "over-10m", _("Over £10 million")


# Each band's lower bound (inclusive), highest first. A band's upper bound is the next
# band's lower bound, exclusive: exactly £100,000 is in "£100,000 to £1 million".
_INCOME_BAND_FLOORS = (
    (Decimal(10_000_000), IncomeBand.OVER_10M),
    (Decimal(1_000_000), IncomeBand.FROM_1M_TO_10M),
    (Decimal(100_000), IncomeBand.FROM_100K_TO_1M),
    (Decimal(10_000), IncomeBand.FROM_10K_TO_100K),
    (Decimal(0), IncomeBand.UNDER_10K),
)


def income_band_for(income: Decimal | int) -> IncomeBand:
    """The band an annual income falls in; a band includes its lower bound.

    Raises TypeError for a float (money is never a float) and ValueError for a negative income.
    """
    if isinstance(income, float | bool) or not isinstance(income, Decimal | int):
        raise TypeError(f"income must be a Decimal or an int, not {type(income).__name__}")
    if income < 0:
        raise ValueError("income cannot be negative")
    return next(band for floor, band in _INCOME_BAND_FLOORS if income >= floor)


class NeedCategory(models.TextChoices):
    """Categories of victim need (Ministry of Justice commissioning framework, 2013)."""

    HEALTH = "health", _("Mental and physical health")
    SHELTER = "shelter", _("Shelter and accommodation")
    FAMILY = "family", _("Family, friends and children")
    EDUCATION = "education", _("Education, skills and employment")
    DRUGS_ALCOHOL = "drugs-alcohol", _("Drugs and alcohol")
    FINANCE = "finance", _("Finance and benefits")
    OUTLOOK = "outlook", _("Outlook and attitudes")
    SOCIAL_INTERACTION = "social-interaction", _("Social interaction")


class PriorityGroup(models.TextChoices):
    """Victims entitled to enhanced services (Code of Practice for Victims of Crime)."""

    MOST_SERIOUS_CRIME = "most-serious-crime", _("Victims of the most serious crime")
    PERSISTENTLY_TARGETED = "persistently-targeted", _("Persistently targeted victims")
    VULNERABLE_OR_INTIMIDATED = "vulnerable-or-intimidated", _("Vulnerable or intimidated victims")


class ServiceArea(models.TextChoices):
    """What a service category serves: support for victims, or community safety."""

    VICTIMS = "victims", _("Victims' services")
    COMMUNITY_SAFETY = "community-safety", _("Community safety")


class ReferralSource(models.TextChoices):
    """Where a referral to a victims' service came from (monitoring returns)."""

    POLICE = "police", _("Police")
    OTHER_AGENCY = "other-agency", _("Other agency")
    SELF_REFERRAL = "self-referral", _("Self-referral")
    OTHER = "other", _("Other")
