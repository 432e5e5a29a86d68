import datetime

import pytest
from django.urls import reverse
from django.utils import timezone

from providers.documents import DocumentKind
from providers.models import DueDiligenceDocument
from tests.core.factories import pdf_bytes, uploaded
from tests.harness.queries import assert_flat_queries
from tests.providers.factories import DocumentFactory, MemberFactory

pytestmark = pytest.mark.django_db


@pytest.fixture
def editor(client):
    member = MemberFactory(role="editor")
    client.force_login(member.user)
    return member


def url(name, member, **kwargs):
    return reverse(f"providers:{name}", kwargs={"pk": member.organisation_id, **kwargs})


def date_fields(day):
    return {
        "document_date_day": str(day.day),
        "document_date_month": str(day.month),
        "document_date_year": str(day.year),
    }


def test_the_documents_page_runs_the_same_queries_for_3_versions_or_300(client, editor):
    """Queries: session, user, body roles, the second-factor check's two device lookups,
    organisation memberships, and every version of every document with its file and
    uploader in one."""
    kinds = list(DocumentKind)

    def make_rows(n):
        rows = []
        for _ in range(n):
            # Each new version replaces the current one of its kind, as uploading does.
            kind = kinds[len(rows) % len(kinds)]
            DueDiligenceDocument.objects.filter(
                organisation=editor.organisation, kind=kind, replaced_at__isnull=True
            ).update(replaced_at=timezone.now())
            rows.append(DocumentFactory(organisation=editor.organisation, kind=kind))
        return rows

    count = assert_flat_queries(
        client,
        url("document-list", editor),
        make_rows=make_rows,
        expect=lambda rows: [str(document.file.uuid) for document in rows],
    )
    assert count == 7


def test_an_editor_uploads_accounts_and_sees_when_they_go_out_of_date(client, editor):
    response = client.post(
        url("document-upload", editor, kind="accounts"),
        {
            "file": uploaded("Accounts 2025.pdf", pdf_bytes()),
            **date_fields(datetime.date(2025, 3, 31)),
        },
    )
    assert response.url == url("document-list", editor)
    body = client.get(response.url).content.decode()
    assert "Accounts 2025.pdf" in body
    assert "31 January 2027" in body


def test_a_disguised_file_is_refused_beside_the_field_and_the_date_is_kept(client, editor):
    body = client.post(
        url("document-upload", editor, kind="accounts"),
        {
            "file": uploaded("accounts.pdf", b"MZ\x90\x00 a program, not a PDF"),
            **date_fields(datetime.date(2025, 3, 31)),
        },
    ).content.decode()
    assert "<title>Error:" in body
    assert "The selected file must be a PDF" in body
    assert 'value="2025"' in body
    assert not DueDiligenceDocument.objects.exists()


def test_an_oversized_file_is_refused(client, editor, settings):
    settings.UPLOAD_MAX_BYTES = 100
    body = client.post(
        url("document-upload", editor, kind="accounts"),
        {"file": uploaded("accounts.pdf", pdf_bytes()), **date_fields(datetime.date(2025, 3, 31))},
    ).content.decode()
    assert "must be smaller than" in body


def test_an_expired_certificate_is_refused(client, editor):
    body = client.post(
        url("document-upload", editor, kind="insurance"),
        {
            "file": uploaded("insurance.pdf", pdf_bytes()),
            **date_fields(timezone.localdate() - datetime.timedelta(days=1)),
        },
    ).content.decode()
    assert "must be today or in the future" in body


def test_members_and_office_staff_download_documents_and_nobody_else_can(client, editor, signed_in):
    document = DocumentFactory(organisation=editor.organisation)
    download = reverse("core:file-download", kwargs={"uuid": document.file.uuid})
    response = client.get(download)
    assert response.status_code == 200
    assert b"".join(response.streaming_content).startswith(b"%PDF")
    client.force_login(MemberFactory().user)
    assert client.get(download).status_code == 404
    assert signed_in("panel_member_a").get(download).status_code == 404
    # Office staff of any body check documents through the national registry.
    staff = signed_in("commissioning_officer_a").get(download)
    assert staff.status_code == 200
    staff.close()


def test_a_viewer_sees_documents_but_cannot_upload(client):
    viewer = MemberFactory(role="viewer")
    client.force_login(viewer.user)
    assert client.get(url("document-list", viewer)).status_code == 200
    assert client.get(url("document-upload", viewer, kind="accounts")).status_code == 403


def test_an_unknown_kind_of_document_is_not_found(client, editor):
    assert client.get(url("document-upload", editor, kind="passport")).status_code == 404
