import datetime

import pytest
from django.core.exceptions import ValidationError

from core.audit import events_for
from providers.documents import DocumentKind
from providers.errors import EditorRequired
from providers.models import DueDiligenceDocument
from providers.services.documents import document_upload
from tests.core.factories import pdf_bytes, uploaded
from tests.providers.factories import MemberFactory

pytestmark = pytest.mark.django_db

TODAY = datetime.date(2026, 3, 1)


@pytest.fixture
def editor():
    return MemberFactory(role="editor")


def upload(editor, kind=DocumentKind.ACCOUNTS, date=datetime.date(2025, 3, 31), file=None):
    return document_upload(
        organisation=editor.organisation,
        kind=kind,
        uploaded_file=file or uploaded("accounts.pdf", pdf_bytes(), "application/pdf"),
        document_date=date,
        uploaded_by=editor.user,
        today=TODAY,
    )


def test_an_upload_keeps_the_file_and_works_out_when_it_goes_out_of_date(editor):
    document = upload(editor)
    assert document.valid_until == datetime.date(2027, 1, 31)
    assert document.file.original_name == "accounts.pdf"
    assert document.file.content_type == "application/pdf"
    assert document.is_current


def test_replacing_a_document_keeps_the_old_one_in_the_history(editor):
    old = upload(editor)
    new = upload(editor, date=datetime.date(2026, 3, 31))
    old.refresh_from_db()
    assert old.replaced_by == new
    assert old.replaced_at is not None
    assert list(DueDiligenceDocument.objects.filter(replaced_at__isnull=True)) == [new]
    assert [e.pgh_label for e in events_for(old)] == ["insert", "update", "update"]


def test_a_disguised_file_is_refused_and_nothing_is_kept(editor):
    disguised = uploaded("accounts.pdf", b"MZ\x90\x00 not really a pdf", "application/pdf")
    with pytest.raises(ValidationError):
        upload(editor, file=disguised)
    assert not DueDiligenceDocument.objects.exists()


def test_an_oversized_file_is_refused(editor, settings):
    settings.UPLOAD_MAX_BYTES = 100
    with pytest.raises(ValidationError) as raised:
        upload(editor)
    assert raised.value.code == "too_big"


def test_a_document_uploaded_already_expiring_is_not_reminded_of(editor):
    document = upload(editor, kind=DocumentKind.INSURANCE, date=datetime.date(2026, 3, 20))
    assert document.expiring_reminder_sent_for == datetime.date(2026, 3, 20)
    assert document.expired_reminder_sent_for is None


@pytest.mark.parametrize("role", ["viewer", None])
def test_only_an_editor_or_administrator_uploads(editor, role):
    """A viewer of the organisation, or someone who is not a member, is refused."""
    person = (
        MemberFactory(organisation=editor.organisation, role=role).user
        if role
        else MemberFactory().user
    )
    with pytest.raises(EditorRequired):
        document_upload(
            organisation=editor.organisation,
            kind=DocumentKind.ACCOUNTS,
            uploaded_file=uploaded("accounts.pdf", pdf_bytes(), "application/pdf"),
            document_date=datetime.date(2025, 3, 31),
            uploaded_by=person,
            today=TODAY,
        )
    assert not editor.organisation.documents.exists()
