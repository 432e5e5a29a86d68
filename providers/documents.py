"""Due-diligence documents: the kinds, which a legal form needs, and when each goes out of date.

Rules (the issue "Providers: organisations, their people and their documents"):
- accounts are out of date 22 months after their financial year end;
- an insurance certificate and a data-protection registration carry an expiry date;
- a policy (safeguarding, equality) is out of date 12 months after its review date;
- a governing document does not go out of date.
A document is in date up to and including its `valid_until` day.
"""

import calendar
import datetime
from dataclasses import dataclass

from django.db import models
from django.utils.functional import Promise
from django.utils.translation import gettext_lazy as _

from core.status_tags import tag_colours
from core.vocabularies import LegalForm

# A document that goes out of date within this many days is "expiring" (and reminded of).
EXPIRING_WITHIN_DAYS = 30


class DocumentKind(models.TextChoices):
    GOVERNING_DOCUMENT = "governing-document", _("Governing document")
    ACCOUNTS = "accounts", _("Latest accounts")
    SAFEGUARDING_POLICY = "safeguarding-policy", _("Safeguarding policy")
    INSURANCE = "insurance", _("Insurance certificate")
    DATA_PROTECTION = "data-protection", _("Data protection registration")
    EQUALITY_POLICY = "equality-policy", _("Equality policy")


class DocumentStatus(models.TextChoices):
    MISSING = "missing", _("Missing")
    IN_DATE = "in-date", _("In date")
    EXPIRING = "expiring", _("Expiring soon")
    OUT_OF_DATE = "out-of-date", _("Out of date")
    NOT_NEEDED = "not-needed", _("Optional")


tag_colours(
    DocumentStatus,
    MISSING="red",
    IN_DATE="green",
    EXPIRING="yellow",
    OUT_OF_DATE="red",
    NOT_NEEDED="grey",
)


@dataclass(frozen=True)
class KindRules:
    date_label: Promise  # what the one date on the form means for this kind
    date_hint: Promise
    months_valid: int | None = None  # valid this many months after the date
    date_is_expiry: bool = False  # the date is itself the last day it is valid


RULES = {
    DocumentKind.GOVERNING_DOCUMENT: KindRules(
        _("Date adopted"),
        _("The date the current version was adopted, for example 27 3 2019"),
    ),
    DocumentKind.ACCOUNTS: KindRules(
        _("Financial year end"),
        _("The last day of the year the accounts cover, for example 31 3 2025"),
        months_valid=22,
    ),
    DocumentKind.SAFEGUARDING_POLICY: KindRules(
        _("Date last reviewed"),
        _("Policies need reviewing every 12 months, for example 14 9 2025"),
        months_valid=12,
    ),
    DocumentKind.INSURANCE: KindRules(
        _("Expiry date"),
        _("The last day of cover on the certificate, for example 31 3 2026"),
        date_is_expiry=True,
    ),
    DocumentKind.DATA_PROTECTION: KindRules(
        _("Expiry date"),
        _("When your registration with the Information Commissioner's Office ends"),
        date_is_expiry=True,
    ),
    DocumentKind.EQUALITY_POLICY: KindRules(
        _("Date last reviewed"),
        _("Policies need reviewing every 12 months, for example 14 9 2025"),
        months_valid=12,
    ),
}

_ALL = tuple(DocumentKind)
# A statutory body's own governance and accounts are public and audited; funders ask it only
# for cover and safeguarding. A community group without staff has no data-protection
# registration to show, and its accounts are its own simple statement.
_REQUIRED: dict[str, tuple[DocumentKind, ...]] = {
    LegalForm.STATUTORY_BODY: (DocumentKind.SAFEGUARDING_POLICY, DocumentKind.INSURANCE),
    LegalForm.UNINCORPORATED_COMMUNITY_GROUP: (
        DocumentKind.GOVERNING_DOCUMENT,
        DocumentKind.ACCOUNTS,
        DocumentKind.SAFEGUARDING_POLICY,
        DocumentKind.INSURANCE,
    ),
}


def documents_required(legal_form: str) -> tuple[DocumentKind, ...]:
    """The kinds an organisation of this legal form must keep, in the order pages show them."""
    return _REQUIRED.get(LegalForm(legal_form), _ALL)


def add_months(day: datetime.date, months: int) -> datetime.date:
    """The same day `months` later; the month's last day when it is shorter (31 Aug -> 28 Feb)."""
    index = day.month - 1 + months
    year, month = day.year + index // 12, index % 12 + 1
    return day.replace(
        year=year, month=month, day=min(day.day, calendar.monthrange(year, month)[1])
    )


def valid_until(kind: str, document_date: datetime.date) -> datetime.date | None:
    """The last day a document of this kind with this date is in date; None if it never lapses."""
    rules = RULES[DocumentKind(kind)]
    if rules.date_is_expiry:
        return document_date
    if rules.months_valid is not None:
        return add_months(document_date, rules.months_valid)
    return None


def document_status(*, valid_until: datetime.date | None, today: datetime.date) -> DocumentStatus:
    if valid_until is None:
        return DocumentStatus.IN_DATE
    if valid_until < today:
        return DocumentStatus.OUT_OF_DATE
    if (valid_until - today).days <= EXPIRING_WITHIN_DAYS:
        return DocumentStatus.EXPIRING
    return DocumentStatus.IN_DATE
