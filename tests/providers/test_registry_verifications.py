"""Verifications: what was checked, by whom, when; they lapse when a checked document is
replaced or goes out of date."""

import datetime

import pytest
from django.core.exceptions import ValidationError
from django.core.files.uploadedfile import SimpleUploadedFile
from django.utils import timezone

from core.models import PolicingBody
from providers.registry.selectors import verification_list
from providers.registry.services import verification_record
from providers.services.documents import document_upload
from tests.core.factories import UserFactory, pdf_bytes
from tests.providers.registry_helpers import documents_in_date, provider

pytestmark = pytest.mark.django_db


@pytest.fixture
def checked():
    organisation = provider(name="Fictional Checked Trust")
    documents = documents_in_date(organisation)
    verification_record(
        organisation=organisation,
        checked_by=UserFactory(),
        body=PolicingBody.objects.get(slug="avon-and-somerset"),
        identifiers_checked=True,
        documents=documents,
    )
    return organisation, documents


def lapsed(organisation, today=None):
    today = today or timezone.localdate()
    return verification_list(organisation=organisation, today=today).get().lapsed


def test_a_verification_holds_while_its_documents_are_current_and_in_date(checked):
    organisation, _ = checked
    assert lapsed(organisation) is False


def test_it_lapses_when_a_checked_document_is_replaced(checked):
    organisation, _ = checked
    document_upload(
        organisation=organisation,
        kind="insurance",
        uploaded_file=SimpleUploadedFile("cover.pdf", pdf_bytes(), "application/pdf"),
        document_date=timezone.localdate() + datetime.timedelta(days=300),
        uploaded_by=UserFactory(),
    )
    assert lapsed(organisation) is True


def test_it_lapses_when_a_checked_document_goes_out_of_date(checked):
    organisation, documents = checked
    ends = min(d.valid_until for d in documents if d.valid_until)
    assert lapsed(organisation, today=ends) is False
    assert lapsed(organisation, today=ends + datetime.timedelta(days=1)) is True


def test_nothing_checked_is_refused():
    with pytest.raises(ValidationError):
        verification_record(
            organisation=provider(),
            checked_by=UserFactory(),
            body=PolicingBody.objects.get(slug="dyfed-powys"),
            identifiers_checked=False,
            documents=[],
        )
