"""Factories for core's models, and tiny real files of every type uploads accept or refuse."""

import io
import struct
import zipfile
from datetime import timedelta

import factory
from django.core.files.base import ContentFile
from django.core.files.uploadedfile import SimpleUploadedFile
from django.utils import timezone
from django_otp.plugins.otp_totp.models import TOTPDevice

from core.models import GeneratedFile, Membership, PolicingBody, Role, StoredFile, User

TEST_PASSWORD = "a-long-test-password-1"


class UserFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = User
        django_get_or_create = ("email",)

    email = factory.Sequence(lambda n: f"person{n}@example.org")
    full_name = factory.Faker("name", locale="en_GB")
    password = factory.django.Password(TEST_PASSWORD)


class MembershipFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Membership

    user = factory.SubFactory(UserFactory)
    body = factory.LazyFunction(lambda: PolicingBody.objects.get(slug="avon-and-somerset"))
    role = Role.COMMISSIONING_OFFICER


class TOTPDeviceFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = TOTPDevice

    user = factory.SubFactory(UserFactory)
    name = "Authenticator app"
    confirmed = True


class SiteAdminFactory(UserFactory):
    is_staff = True
    is_superuser = True


class StoredFileFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = StoredFile

    file = factory.LazyFunction(lambda: ContentFile(pdf_bytes(), name="sample"))
    original_name = "report.pdf"
    content_type = "application/pdf"
    size = factory.LazyAttribute(lambda o: o.file.size)
    sha256 = "0" * 64
    uploaded_by = None


class GeneratedFileFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = GeneratedFile

    kind = "policing-bodies"
    parameters = factory.LazyFunction(dict)
    requested_by = factory.SubFactory(UserFactory)


class DoneGeneratedFileFactory(GeneratedFileFactory):
    status = GeneratedFile.Status.DONE
    progress = 100
    file = factory.SubFactory(StoredFileFactory)
    attempts = 1
    finished_at = factory.LazyFunction(timezone.now)
    expires_at = factory.LazyAttribute(lambda o: o.finished_at + timedelta(hours=72))


# --- Tiny real files ----------------------------------------------------------------------


def uploaded(name: str, content: bytes, content_type="application/octet-stream"):
    """What Django hands a view: the browser's claimed type is deliberately meaningless."""
    return SimpleUploadedFile(name, content, content_type=content_type)


def pdf_bytes() -> bytes:
    from pypdf import PdfWriter

    writer = PdfWriter()
    writer.add_blank_page(width=72, height=72)
    out = io.BytesIO()
    writer.write(out)
    return out.getvalue()


def png_bytes() -> bytes:
    from PIL import Image

    out = io.BytesIO()
    Image.new("RGB", (2, 2), "red").save(out, format="PNG")
    return out.getvalue()


def jpeg_bytes() -> bytes:
    from PIL import Image

    out = io.BytesIO()
    Image.new("RGB", (2, 2), "blue").save(out, format="JPEG")
    return out.getvalue()


def xlsx_bytes() -> bytes:
    from openpyxl import Workbook

    workbook = Workbook()
    workbook.active["A1"] = "Budget"
    out = io.BytesIO()
    workbook.save(out)
    return out.getvalue()


def _zip(members: list[tuple[str, bytes]], *, first_stored=False) -> bytes:
    out = io.BytesIO()
    with zipfile.ZipFile(out, "w", zipfile.ZIP_DEFLATED) as archive:
        for number, (name, data) in enumerate(members):
            stored = first_stored and number == 0
            archive.writestr(name, data, compress_type=zipfile.ZIP_STORED if stored else None)
    return out.getvalue()


def _content_types(main: str) -> bytes:
    return (
        '<?xml version="1.0" encoding="UTF-8" standalone="yes"?>'
        '<Types xmlns="http://schemas.openxmlformats.org/package/2006/content-types">'
        '<Default Extension="rels" '
        'ContentType="application/vnd.openxmlformats-package.relationships+xml"/>'
        '<Default Extension="xml" ContentType="application/xml"/>'
        f'<Override PartName="/main.xml" ContentType="{main}"/>'
        "</Types>"
    ).encode()


WORD_MAIN = "application/vnd.openxmlformats-officedocument.wordprocessingml.document.main+xml"
WORD_MACRO_MAIN = "application/vnd.ms-word.document.macroEnabled.main+xml"
EXCEL_MACRO_MAIN = "application/vnd.ms-excel.sheet.macroEnabled.main+xml"


def docx_bytes() -> bytes:
    return _zip(
        [
            ("[Content_Types].xml", _content_types(WORD_MAIN)),
            ("word/document.xml", b"<w:document/>"),
        ]
    )


def docm_bytes() -> bytes:
    return _zip(
        [
            ("[Content_Types].xml", _content_types(WORD_MACRO_MAIN)),
            ("word/document.xml", b"<w:document/>"),
            ("word/vbaProject.bin", b"\xd0\xcf\x11\xe0 macros"),
        ]
    )


def xlsm_bytes() -> bytes:
    """A real workbook with a VBA project added, as Excel saves an .xlsm."""
    with zipfile.ZipFile(io.BytesIO(xlsx_bytes())) as source:
        members = [(info.filename, source.read(info)) for info in source.infolist()]
    members = [
        (
            name,
            data.replace(
                b"application/vnd.openxmlformats-officedocument.spreadsheetml.sheet.main+xml",
                EXCEL_MACRO_MAIN.encode(),
            ),
        )
        for name, data in members
    ]
    return _zip([*members, ("xl/vbaProject.bin", b"\xd0\xcf\x11\xe0 macros")])


def opendocument_bytes(mimetype: str, *extra: tuple[str, bytes]) -> bytes:
    return _zip(
        [
            ("mimetype", mimetype.encode()),
            ("content.xml", b"<office:document-content/>"),
            ("META-INF/manifest.xml", b"<manifest:manifest/>"),
            *extra,
        ],
        first_stored=True,
    )


def odt_bytes() -> bytes:
    return opendocument_bytes("application/vnd.oasis.opendocument.text")


def ods_bytes() -> bytes:
    return opendocument_bytes("application/vnd.oasis.opendocument.spreadsheet")


OLE_MAGIC = bytes.fromhex("D0CF11E0A1B11AE1")
_FREE, _END, _FAT, _NONE = 0xFFFFFFFF, 0xFFFFFFFE, 0xFFFFFFFD, 0xFFFFFFFF


def ole_bytes(*entries: tuple[str, int]) -> bytes:
    """A minimal OLE2 compound file (version 3, 512-byte sectors) whose directory lists
    `entries` (name, type: 1 storage, 2 stream) after the root. Up to three entries."""
    header = bytearray(512)
    header[0:8] = OLE_MAGIC
    struct.pack_into("<HHHHH", header, 0x18, 0x3E, 3, 0xFFFE, 9, 6)
    struct.pack_into("<I", header, 0x2C, 1)  # one FAT sector ...
    struct.pack_into("<I", header, 0x30, 1)  # ... sector 0; the directory is sector 1
    struct.pack_into("<I", header, 0x38, 4096)
    struct.pack_into("<IIII", header, 0x3C, _END, 0, _END, 0)  # no mini FAT, no DIFAT sectors
    struct.pack_into("<109I", header, 0x4C, 0, *([_FREE] * 108))
    fat = struct.pack("<128I", _FAT, _END, *([_FREE] * 126))

    def entry(name: str, kind: int) -> bytes:
        raw = name.encode("utf-16-le") + b"\0\0"
        data = bytearray(128)
        data[0 : len(raw)] = raw
        struct.pack_into("<HBB", data, 64, len(raw), kind, 1)
        struct.pack_into("<III", data, 68, _NONE, _NONE, _NONE)
        struct.pack_into("<I", data, 116, _END)
        return bytes(data)

    directory = b"".join(entry(name, kind) for name, kind in [("Root Entry", 5), *entries])
    directory = directory.ljust(512, b"\0")
    return bytes(header) + fat + directory


def doc_bytes() -> bytes:
    return ole_bytes(("WordDocument", 2), ("\x01CompObj", 2))


def xls_bytes() -> bytes:
    return ole_bytes(("Workbook", 2), ("\x05SummaryInformation", 2))
