import datetime

import pytest

from core.vocabularies import LegalForm
from providers.documents import (
    DocumentKind,
    DocumentStatus,
    add_months,
    document_status,
    documents_required,
    valid_until,
)

D = datetime.date


def test_accounts_are_in_date_until_22_months_after_their_year_end():
    assert valid_until(DocumentKind.ACCOUNTS, D(2024, 3, 31)) == D(2026, 1, 31)


def test_policies_are_in_date_until_12_months_after_their_review():
    assert valid_until(DocumentKind.SAFEGUARDING_POLICY, D(2025, 9, 14)) == D(2026, 9, 14)
    assert valid_until(DocumentKind.EQUALITY_POLICY, D(2024, 2, 29)) == D(2025, 2, 28)


@pytest.mark.parametrize("kind", [DocumentKind.INSURANCE, DocumentKind.DATA_PROTECTION])
def test_certificates_carry_their_own_expiry_date(kind):
    assert valid_until(kind, D(2026, 3, 31)) == D(2026, 3, 31)


def test_a_governing_document_never_goes_out_of_date():
    assert valid_until(DocumentKind.GOVERNING_DOCUMENT, D(1999, 1, 1)) is None
    assert document_status(valid_until=None, today=D(2030, 1, 1)) == DocumentStatus.IN_DATE


@pytest.mark.parametrize(
    ("today", "status"),
    [
        (D(2026, 2, 28), DocumentStatus.IN_DATE),
        (D(2026, 3, 1), DocumentStatus.EXPIRING),  # 30 days before
        (D(2026, 3, 31), DocumentStatus.EXPIRING),  # its last day
        (D(2026, 4, 1), DocumentStatus.OUT_OF_DATE),
    ],
)
def test_a_document_is_expiring_for_its_last_30_days(today, status):
    assert document_status(valid_until=D(2026, 3, 31), today=today) == status


def test_a_statutory_body_needs_only_insurance_and_safeguarding():
    assert set(documents_required(LegalForm.STATUTORY_BODY)) == {
        DocumentKind.INSURANCE,
        DocumentKind.SAFEGUARDING_POLICY,
    }


def test_a_charity_needs_every_document():
    assert set(documents_required(LegalForm.CHARITABLE_COMPANY)) == set(DocumentKind)


def test_adding_months_keeps_the_day_or_uses_the_months_last():
    assert add_months(D(2025, 8, 31), 6) == D(2026, 2, 28)
    assert add_months(D(2025, 12, 15), 1) == D(2026, 1, 15)
