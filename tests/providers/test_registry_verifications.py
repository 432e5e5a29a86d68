"""Verifications: what was checked, by whom, when; they lapse when a checked document is
replaced or goes out of date."""

import datetime

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.utils import timezone

from core.models import PolicingBody, Role
from providers.errors import NothingChecked, OfficeStaffRequired
from providers.registry.selectors import verification_list
from providers.registry.services import verification_record
from providers.services.documents import document_upload
from tests.core.factories import MembershipFactory, pdf_bytes
from tests.providers.factories import MemberFactory
from tests.providers.registry_helpers import documents_in_date, provider

pytestmark = pytest.mark.django_db


def officer_of(slug, role=Role.COMMISSIONING_OFFICER):
    return MembershipFactory(body=PolicingBody.objects.get(slug=slug), role=role).user


@pytest.fixture
def checked():
    organisation = provider(name="Fictional Checked Trust")
    documents = documents_in_date(organisation)
    verification_record(
        organisation=organisation,
        checked_by=officer_of("avon-and-somerset"),
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
        uploaded_by=MemberFactory(organisation=organisation, role="editor").user,
    )
    assert lapsed(organisation) is True


def test_it_lapses_when_a_checked_document_goes_out_of_date(checked):
    organisation, documents = checked
    ends = min(d.valid_until for d in documents if d.valid_until)
    assert lapsed(organisation, today=ends) is False
    assert lapsed(organisation, today=ends + datetime.timedelta(days=1)) is True


def test_nothing_checked_is_refused():
    with pytest.raises(NothingChecked):
        verification_record(
            organisation=provider(),
            checked_by=officer_of("dyfed-powys"),
            body=PolicingBody.objects.get(slug="dyfed-powys"),
            identifiers_checked=False,
            documents=[],
        )


@pytest.mark.parametrize(
    ("slug", "role"),
    [
        # Staff of another body cannot write for this one...
        ("dyfed-powys", Role.COMMISSIONING_OFFICER),
        # ...nor can someone of this body who is not office staff.
        ("avon-and-somerset", Role.ASSESSOR),
        ("avon-and-somerset", Role.PANEL_MEMBER),
    ],
)
def test_only_office_staff_of_the_body_record_a_verification(slug, role):
    with pytest.raises(OfficeStaffRequired):
        verification_record(
            organisation=provider(),
            checked_by=officer_of(slug, role),
            body=PolicingBody.objects.get(slug="avon-and-somerset"),
            identifiers_checked=True,
            documents=[],
        )
