import hashlib
import io
import re
import zipfile
from pathlib import Path
from urllib.parse import quote

import pytest
from django import forms
from django.core.exceptions import ValidationError
from django.urls import reverse

from core.models import StoredFile
from core.uploads import (
    UploadField,
    file_owner_register,
    file_owner_unregister,
    filename_sanitise,
    size_for_people,
    stored_file_create,
)
from tests.core.factories import (
    DoneGeneratedFileFactory,
    StoredFileFactory,
    UserFactory,
    doc_bytes,
    docm_bytes,
    docx_bytes,
    jpeg_bytes,
    ods_bytes,
    odt_bytes,
    ole_bytes,
    opendocument_bytes,
    pdf_bytes,
    png_bytes,
    uploaded,
    xls_bytes,
    xlsm_bytes,
    xlsx_bytes,
)
from tests.harness.personas import sign_in_verified

NOT_ALLOWED = "The selected file must be a PDF, Word, Excel, OpenDocument, PNG or JPEG"
MACROS = "The selected file must not contain macros"


@pytest.fixture(autouse=True)
def private_media(settings, tmp_path):
    settings.STORAGES = {
        **settings.STORAGES,
        "default": {**settings.STORAGES["default"], "OPTIONS": {"location": str(tmp_path)}},
    }
    return tmp_path


class EvidenceForm(forms.Form):
    title = forms.CharField()
    document = UploadField()


def clean(name, content):
    form = EvidenceForm(
        data={"title": "Safeguarding policy"}, files={"document": uploaded(name, content)}
    )
    form.is_valid()
    return form


ACCEPTED = [
    ("policy.pdf", pdf_bytes, "application/pdf"),
    (
        "Bid.DOCX",
        docx_bytes,
        "application/vnd.openxmlformats-officedocument.wordprocessingml.document",
    ),
    (
        "budget.xlsx",
        xlsx_bytes,
        "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet",
    ),
    ("letter.odt", odt_bytes, "application/vnd.oasis.opendocument.text"),
    ("budget.ods", ods_bytes, "application/vnd.oasis.opendocument.spreadsheet"),
    ("old-letter.doc", doc_bytes, "application/msword"),
    ("old-budget.xls", xls_bytes, "application/vnd.ms-excel"),
    ("logo.png", png_bytes, "image/png"),
    ("photo.jpg", jpeg_bytes, "image/jpeg"),
    ("photo.jpeg", jpeg_bytes, "image/jpeg"),
]


@pytest.mark.parametrize(("name", "make", "content_type"), ACCEPTED)
def test_it_accepts_each_allowed_type_by_its_content(name, make, content_type):
    form = clean(name, make())
    assert form.is_valid(), form.errors
    assert form.cleaned_data["document"].file_type.content_type == content_type


SVG = (
    b'<?xml version="1.0"?><svg xmlns="http://www.w3.org/2000/svg"><script>alert(1)</script></svg>'
)
HTML = b"<!DOCTYPE html><html><body><script>alert(1)</script></body></html>"
SCRIPT = b"#!/bin/sh\nrm -rf /\n"
ELF = b"\x7fELF\x02\x01\x01" + b"\0" * 100
PE = b"MZ\x90\x00\x03\x00\x00\x00" + b"\0" * 100


@pytest.mark.parametrize(
    ("name", "content"),
    [
        ("drawing.svg", SVG),
        ("drawing.png", SVG),
        ("page.html", HTML),
        ("page.pdf", HTML),
        ("run.sh", SCRIPT),
        ("notes.docx", SCRIPT),
        ("program", ELF),
        ("program.pdf", ELF),
        ("setup.exe", PE),
        ("setup.doc", PE),
        ("archive.xlsx", b"PK\x03\x04" + b"not really a zip"),
        ("unknown.doc", ole_bytes(("PowerPoint Document", 2))),
        ("header-only.doc", bytes.fromhex("D0CF11E0A1B11AE1") + b"\0" * 504),
        ("presentation.odt", opendocument_bytes("application/vnd.oasis.opendocument.presentation")),
    ],
)
def test_it_refuses_anything_else_whatever_its_name(name, content):
    form = clean(name, content)
    assert form.errors["document"] == [NOT_ALLOWED]


@pytest.mark.parametrize(
    ("name", "make"),
    [
        ("budget.xlsm", xlsm_bytes),
        ("budget.xlsx", xlsm_bytes),
        ("letter.docm", docm_bytes),
        ("letter.docx", docm_bytes),
        ("letter.doc", lambda: ole_bytes(("WordDocument", 2), ("Macros", 1))),
        ("budget.xls", lambda: ole_bytes(("Workbook", 2), ("_VBA_PROJECT_CUR", 1))),
        (
            "letter.odt",
            lambda: opendocument_bytes(
                "application/vnd.oasis.opendocument.text", ("Basic/Standard/Module1.xml", b"x")
            ),
        ),
    ],
)
def test_it_refuses_documents_with_macros(name, make):
    assert clean(name, make()).errors["document"] == [MACROS]


def test_it_refuses_a_file_whose_name_disagrees_with_its_content():
    form = clean("policy.docx", pdf_bytes())
    assert form.errors["document"] == ["The selected file is a PDF, so its name must end in .pdf"]
    form = clean("photo.png", jpeg_bytes())
    assert form.errors["document"] == [
        "The selected file is a JPEG image, so its name must end in .jpg or .jpeg"
    ]


def test_it_refuses_an_empty_file():
    assert clean("empty.pdf", b"").errors["document"] == ["The selected file is empty"]


def test_it_refuses_a_file_over_the_size_limit(settings):
    settings.UPLOAD_MAX_BYTES = 2048
    content = pdf_bytes().ljust(2049, b" ")
    assert clean("big.pdf", content).errors["document"] == [
        "The selected file must be smaller than 2 KB"
    ]
    assert clean("small.pdf", content[:2048]).is_valid()


def test_the_default_limit_is_20_mb_and_says_so(settings):
    assert settings.UPLOAD_MAX_BYTES == 20 * 1024 * 1024
    assert size_for_people(settings.UPLOAD_MAX_BYTES) == "20 MB"


def test_the_form_shows_the_error_beside_the_field_and_keeps_what_was_typed():
    form = clean("run.pdf", SCRIPT)
    html = form.as_div()
    assert 'value="Safeguarding policy"' in html
    errors = re.search(r'<ul class="errorlist"[^>]*>(.*?)</ul>', html, flags=re.DOTALL)
    assert NOT_ALLOWED in errors.group(1)
    assert "title" not in form.errors


def test_a_missing_file_asks_for_one():
    form = EvidenceForm(data={"title": "x"}, files={})
    assert form.errors["document"] == ["Select a file"]


@pytest.mark.parametrize(
    ("given", "kept"),
    [
        ("../../etc/passwd.pdf", "passwd.pdf"),
        ("C:\\Users\\ann\\Annual report.pdf", "Annual report.pdf"),
        ("invoice\u202egpj.exe.pdf", "invoicegpj.exe.pdf"),
        ('a<b>:"c|d?*.pdf', "abcd.pdf"),
        ("  ..hidden.pdf. ", "hidden.pdf"),
        (
            "Adroddiad blynyddol \u2013 Dyfed-Powys.pdf",
            "Adroddiad blynyddol \u2013 Dyfed-Powys.pdf",
        ),
        ("", "file"),
        ("x" * 300 + ".docx", "x" * 145 + ".docx"),
    ],
)
def test_file_names_are_sanitised(given, kept):
    assert filename_sanitise(given) == kept


@pytest.mark.django_db
def test_an_upload_is_kept_under_a_random_name_with_its_facts(private_media):
    user = UserFactory()
    content = pdf_bytes()
    stored = stored_file_create(
        uploaded_file=uploaded("../Evidence <final>.pdf", content), uploaded_by=user
    )
    stored.refresh_from_db()
    assert re.fullmatch(r"uploads/\d{4}/\d{2}/[0-9a-f]{32}", stored.file.name)
    assert (private_media / stored.file.name).read_bytes() == content
    assert stored.original_name == "Evidence final.pdf"
    assert stored.content_type == "application/pdf"
    assert stored.size == len(content)
    assert stored.sha256 == hashlib.sha256(content).hexdigest()
    assert stored.uploaded_by == user
    assert stored.uploaded_at is not None


@pytest.mark.django_db
def test_private_files_live_outside_static_files_and_no_url_serves_them(client, settings):
    root = Path(settings.PRIVATE_MEDIA_ROOT).resolve()
    assert not root.is_relative_to(Path(settings.STATIC_ROOT).resolve())
    assert all(not root.is_relative_to(Path(d).resolve()) for d in settings.STATICFILES_DIRS)
    generated = DoneGeneratedFileFactory()
    client.force_login(generated.requested_by)
    assert client.get("/" + generated.file.file.name).status_code == 404
    assert client.get("/media/" + generated.file.file.name).status_code == 404


@pytest.mark.django_db
def test_the_service_refuses_what_the_field_refuses_and_keeps_nothing(private_media):
    with pytest.raises(ValidationError) as raised:
        stored_file_create(uploaded_file=uploaded("x.pdf", SCRIPT), uploaded_by=UserFactory())
    assert raised.value.code == "not_allowed"
    assert not StoredFile.objects.exists()
    assert not any(private_media.rglob("*"))


# --- Downloading --------------------------------------------------------------------------


@pytest.fixture
def login_url(settings):
    # The sign-in page is built on another branch; any path stands in for it here.
    settings.LOGIN_URL = "/sign-in/"
    return settings.LOGIN_URL


def body(response) -> bytes:
    """Read a file response to its end, which closes the file (the test client's wrapper)."""
    return b"".join(response.streaming_content)


def download_url(stored):
    return reverse("core:file-download", args=[stored.uuid])


@pytest.mark.django_db
def test_the_owner_of_a_generated_file_downloads_it_with_safe_headers(client, private_media):
    generated = DoneGeneratedFileFactory(file__original_name="bodies.pdf")
    client.force_login(generated.requested_by)
    response = client.get(download_url(generated.file))
    assert response.status_code == 200
    assert body(response) == (private_media / generated.file.file.name).read_bytes()
    assert response["Content-Type"] == "application/pdf"
    assert response["Content-Disposition"] == 'attachment; filename="bodies.pdf"'
    assert response["X-Content-Type-Options"] == "nosniff"
    assert response["Cache-Control"] == "private, no-store"


@pytest.mark.django_db
def test_a_non_ascii_name_is_sent_per_rfc_5987_with_an_ascii_fallback(client):
    name = "Adroddiad â chymorth \u2013 2025.pdf"
    generated = DoneGeneratedFileFactory(file__original_name=name)
    client.force_login(generated.requested_by)
    response = client.get(download_url(generated.file))
    body(response)
    disposition = response["Content-Disposition"]
    assert disposition == (
        "attachment; filename=\"Adroddiad a chymorth _ 2025.pdf\"; filename*=UTF-8''"
        + quote(name, safe="")
    )


@pytest.mark.django_db
def test_someone_elses_file_is_not_found(client):
    generated = DoneGeneratedFileFactory()
    client.force_login(UserFactory())
    assert client.get(download_url(generated.file)).status_code == 404


@pytest.mark.django_db
def test_an_expired_file_is_not_found(client):
    generated = DoneGeneratedFileFactory()
    generated.expires_at = generated.finished_at
    generated.save()
    client.force_login(generated.requested_by)
    assert client.get(download_url(generated.file)).status_code == 404


@pytest.mark.django_db
def test_a_file_nothing_holds_is_not_found_even_for_its_uploader(client):
    user = UserFactory()
    stored = StoredFileFactory(uploaded_by=user)
    client.force_login(user)
    assert client.get(download_url(stored)).status_code == 404
    assert client.get(reverse("core:file-download", args=[StoredFile().uuid])).status_code == 404


@pytest.mark.django_db
def test_an_app_registers_who_may_see_the_files_its_objects_hold(client):
    """Any model with a foreign key to StoredFile can be an owner; here, a generated file
    whose rule is "site administrators only" stands in for an app's model."""
    from core.models import GeneratedFile

    generated = DoneGeneratedFileFactory()
    admin = UserFactory(is_staff=True)
    file_owner_unregister(GeneratedFile, field="file")
    file_owner_register(GeneratedFile, field="file", can_view=lambda user, obj: user.is_staff)
    try:
        sign_in_verified(client, admin)
        response = client.get(download_url(generated.file))
        body(response)
        assert response.status_code == 200
        client.force_login(generated.requested_by)
        assert client.get(download_url(generated.file)).status_code == 404
    finally:
        from core.generated import register_file_owner

        file_owner_unregister(GeneratedFile, field="file")
        register_file_owner()


@pytest.mark.django_db
def test_signed_out_people_are_sent_to_sign_in(client, login_url):
    generated = DoneGeneratedFileFactory()
    url = download_url(generated.file)
    response = client.get(url)
    assert response.status_code == 302
    assert response["Location"] == f"{login_url}?next={quote(url)}"


# --- Limits on what is read ---------------------------------------------------------------


def post_upload(content: bytes, *, name="big.pdf"):
    """A real multipart request, parsed by the configured upload handlers."""
    from django.test import RequestFactory

    request = RequestFactory().post(
        "/upload/", {"title": "Policy", "document": uploaded(name, content)}
    )
    return request


def test_the_first_upload_handler_stops_keeping_a_file_past_the_limit(settings):
    settings.UPLOAD_MAX_BYTES = 100 * 1024
    content = pdf_bytes().ljust(300 * 1024, b" ")
    request = post_upload(content)
    document = request.FILES["document"]
    assert document.size > settings.UPLOAD_MAX_BYTES
    # Nothing past the limit was kept: no memory, no temporary file.
    assert document.read() == b""
    form = EvidenceForm(data=request.POST, files=request.FILES)
    assert form.errors["document"] == ["The selected file must be smaller than 100 KB"]
    assert request.POST["title"] == "Policy"


def test_a_file_within_the_limit_reaches_the_form_whole(settings):
    settings.UPLOAD_MAX_BYTES = 100 * 1024
    content = pdf_bytes().ljust(90 * 1024, b" ")
    request = post_upload(content)
    assert request.FILES["document"].read() == content
    assert EvidenceForm(data=request.POST, files=request.FILES).is_valid()


@pytest.mark.django_db
def test_a_request_body_past_the_cap_is_refused_unread(client, settings):
    settings.REQUEST_MAX_BYTES = 4096
    response = client.post(
        reverse("core:sign-in"), {"username": "x" * 5000, "password": "y"}, follow=False
    )
    assert response.status_code == 413
    assert "The request is too large" in response.content.decode()
    assert client.post(reverse("core:sign-in"), {"username": "x"}).status_code == 200


def test_the_request_body_cap_allows_one_upload_and_its_form(settings):
    assert settings.REQUEST_MAX_BYTES == settings.UPLOAD_MAX_BYTES + (
        settings.DATA_UPLOAD_MAX_MEMORY_SIZE
    )
    assert settings.FILE_UPLOAD_HANDLERS[0] == "core.uploads.SizeLimitUploadHandler"


def zip_of(members, *, compression=zipfile.ZIP_DEFLATED) -> bytes:
    out = io.BytesIO()
    with zipfile.ZipFile(out, "w", compression) as archive:
        for name, data in members:
            archive.writestr(name, data)
    return out.getvalue()


def test_a_zip_bomb_is_refused_from_its_directory_before_any_member_is_read(monkeypatch):
    bomb = zip_of([("[Content_Types].xml", b"<Types/>"), ("word/document.xml", bytes(4 << 20))])

    def never(*args, **kwargs):
        raise AssertionError("a member was read")

    monkeypatch.setattr(zipfile.ZipFile, "open", never)
    assert clean("bomb.docx", bomb).errors["document"] == [NOT_ALLOWED]


def test_a_zip_with_too_many_members_or_too_large_is_refused(monkeypatch):
    from core import filetypes

    document = docx_bytes()
    assert clean("fine.docx", document).is_valid()
    monkeypatch.setattr(filetypes, "MAX_ZIP_MEMBERS", 1)
    assert clean("many.docx", document).errors["document"] == [NOT_ALLOWED]
    monkeypatch.setattr(filetypes, "MAX_ZIP_MEMBERS", 10_000)
    monkeypatch.setattr(filetypes, "MAX_ZIP_TOTAL_SIZE", 10)
    assert clean("large.docx", document).errors["document"] == [NOT_ALLOWED]
    monkeypatch.setattr(filetypes, "MAX_ZIP_TOTAL_SIZE", 1 << 30)
    monkeypatch.setattr(filetypes, "MAX_ZIP_MEMBER_SIZE", 5)
    assert clean("member.docx", document).errors["document"] == [NOT_ALLOWED]
