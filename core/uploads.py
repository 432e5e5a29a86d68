"""The one way to accept, keep and serve a user's file.

    class EvidenceForm(forms.Form):
        document = UploadField(label=_("Upload your safeguarding policy"))

    stored = stored_file_create(uploaded_file=form.cleaned_data["document"], uploaded_by=user)

    file_owner_register(Evidence, field="document", can_view=lambda user, evidence: ...)

Files are checked by content (core.filetypes), kept under a random name in private storage,
and served only by `core:file-download`, which asks the object holding the file (a registered
owner) whether the viewer may see it.
"""

import hashlib
import os
import re
import unicodedata
from collections.abc import Callable
from dataclasses import dataclass
from typing import Any
from urllib.parse import quote

from django import forms
from django.conf import settings
from django.core.exceptions import ValidationError
from django.core.files import File
from django.core.files.base import ContentFile
from django.db import models, transaction
from django.utils.text import get_text_list
from django.utils.translation import gettext, ngettext
from django.utils.translation import gettext_lazy as _

from core.filetypes import ALLOWED_TYPES, FileType, FileTypeRefused, detect_file_type
from core.models import StoredFile

UPLOAD_ERROR_MESSAGES = {
    "required": _("Select a file"),
    "empty": _("The selected file is empty"),
    "too_big": _("The selected file must be smaller than %(limit)s"),
    "not_allowed": _("The selected file must be a PDF, Word, Excel, OpenDocument, PNG or JPEG"),
    "macros": _("The selected file must not contain macros"),
    "wrong_extension": _("The selected file is a %(type)s, so its name must end in %(extensions)s"),
}

MAX_NAME_LENGTH = 150
# Characters that some file system forbids in a name or reads as a path separator.
_UNSAFE_NAME_CHARACTERS = re.compile(r'[<>:"/\\|?*]')


def size_for_people(size: int) -> str:
    """20971520 -> "20 MB"; 1500 -> "1.46 KB"."""
    if size >= 1024 * 1024:
        return gettext("%(size)s MB") % {"size": f"{round(size / 1024 / 1024, 2):g}"}
    if size >= 1024:
        return gettext("%(size)s KB") % {"size": f"{round(size / 1024, 2):g}"}
    return ngettext("%(size)s byte", "%(size)s bytes", size) % {"size": size}


def filename_sanitise(name: str, *, default: str = "file") -> str:
    """A user's file name made safe to store and to send back in a header.

    Keeps the last path component, drops control and invisible formatting characters (a
    right-to-left override can disguise `exe.pdf` as `fdp.exe`) and characters that are
    special to file systems, and keeps the extension when shortening.
    """
    name = unicodedata.normalize("NFC", name or "")
    name = name.replace("\\", "/").rsplit("/", 1)[-1]
    name = "".join(ch for ch in name if not unicodedata.category(ch).startswith("C"))
    name = _UNSAFE_NAME_CHARACTERS.sub("", name)
    name = re.sub(r"\s+", " ", name).strip(" .")
    if len(name) > MAX_NAME_LENGTH:
        stem, extension = os.path.splitext(name)
        extension = extension[:20]
        name = stem[: MAX_NAME_LENGTH - len(extension)].rstrip(" .") + extension
    return name or default


def upload_check(uploaded_file, *, error_messages=None) -> FileType:
    """The type of an uploaded file, or a ValidationError a person can act on."""
    messages = {**UPLOAD_ERROR_MESSAGES, **(error_messages or {})}
    size = uploaded_file.size
    if not size:
        raise ValidationError(messages["empty"], code="empty")
    if size > settings.UPLOAD_MAX_BYTES:
        raise ValidationError(
            messages["too_big"],
            code="too_big",
            params={"limit": size_for_people(settings.UPLOAD_MAX_BYTES)},
        )
    try:
        file_type = detect_file_type(uploaded_file)
    except FileTypeRefused as refused:
        code = "macros" if refused.reason == FileTypeRefused.MACROS else "not_allowed"
        raise ValidationError(messages[code], code=code) from None
    extension = os.path.splitext(filename_sanitise(uploaded_file.name))[1].lower()
    if extension not in file_type.extensions:
        raise ValidationError(
            messages["wrong_extension"],
            code="wrong_extension",
            params={
                "type": file_type.label,
                "extensions": get_text_list(list(file_type.extensions), _("or")),
            },
        )
    return file_type


class UploadField(forms.FileField):
    """A file input that accepts only the allowed types, by content, up to UPLOAD_MAX_BYTES.

    The cleaned value is the uploaded file with a `file_type` attribute (a FileType).
    """

    default_error_messages = UPLOAD_ERROR_MESSAGES

    def __init__(self, **kwargs):
        super().__init__(**kwargs)
        accept = ",".join(ext for file_type in ALLOWED_TYPES for ext in file_type.extensions)
        self.widget.attrs.setdefault("accept", accept)

    def to_python(self, data):
        uploaded_file = super().to_python(data)
        if uploaded_file is None:
            return None
        uploaded_file.file_type = upload_check(uploaded_file, error_messages=self.error_messages)
        return uploaded_file


# --- Keeping files ------------------------------------------------------------------------


def _store(*, content: File, folder: str, original_name, content_type, uploaded_by):
    digest = hashlib.sha256()
    size = 0
    for chunk in content.chunks():
        digest.update(chunk)
        size += len(chunk)
    stored = StoredFile(
        original_name=filename_sanitise(original_name),
        content_type=content_type,
        size=size,
        sha256=digest.hexdigest(),
        uploaded_by=uploaded_by,
    )
    stored.folder = folder
    stored.file.save("file", content, save=False)
    try:
        stored.save()
    except Exception:
        stored.file.delete(save=False)
        raise
    return stored


def stored_file_create(*, uploaded_file, uploaded_by) -> StoredFile:
    """Check and keep a user's upload. Raises ValidationError as UploadField does."""
    file_type = upload_check(uploaded_file)
    return _store(
        content=uploaded_file,
        folder="uploads",
        original_name=uploaded_file.name,
        content_type=file_type.content_type,
        uploaded_by=uploaded_by,
    )


def stored_file_create_generated(*, content, filename: str, content_type: str) -> StoredFile:
    """Keep a file the service made itself (trusted content: no type check)."""
    if isinstance(content, bytes | bytearray):
        content = ContentFile(bytes(content))
    elif not isinstance(content, File):
        content = File(content)
    return _store(
        content=content,
        folder="generated",
        original_name=filename,
        content_type=content_type,
        uploaded_by=None,
    )


def stored_files_delete(stored_files) -> int:
    """Delete rows now and their files from storage once the transaction commits."""
    stored_files = list(stored_files)
    names = [stored.file.name for stored in stored_files]
    StoredFile.objects.filter(pk__in=[stored.pk for stored in stored_files]).delete()

    def delete_from_storage():
        storage = StoredFile._meta.get_field("file").storage
        for name in names:
            storage.delete(name)

    transaction.on_commit(delete_from_storage)
    return len(names)


# --- Who may download a file: the owners' registry ----------------------------------------


@dataclass(frozen=True)
class FileOwner:
    """A model that holds StoredFiles in `field` (a foreign key) and says who may see them.

    `public`: `can_view` is also asked about anonymous visitors (it may admit them for a
    published object). `inline`: a PDF opens in the browser rather than downloading (a
    published plan to read), where that is the point; every other file is an attachment.
    """

    model: type[models.Model]
    field: str
    can_view: Callable[[Any, models.Model], bool]
    public: bool = False
    inline: bool = False


_FILE_OWNERS: dict[tuple[str, str], FileOwner] = {}


def file_owner_register(
    model, *, field: str, can_view, public: bool = False, inline: bool = False
) -> FileOwner:
    """Call from an AppConfig.ready(): `can_view(user, owner_object) -> bool`.

    With `public=True`, `user` may be an AnonymousUser: say yes only for what anyone may read.
    """
    owner = FileOwner(model=model, field=field, can_view=can_view, public=public, inline=inline)
    _FILE_OWNERS[(model._meta.label_lower, field)] = owner
    return owner


def file_owner_unregister(model, *, field: str) -> None:
    _FILE_OWNERS.pop((model._meta.label_lower, field), None)


def stored_file_viewable_through(*, user, uuid) -> tuple[StoredFile, FileOwner] | None:
    """The file and the owner that lets `user` see it; None if no holder does.

    One query for the file, then one per registered owner model (plus what its `can_view`
    needs). A file nothing holds is visible to nobody. An anonymous visitor is asked about
    only by owners registered `public=True`.
    """
    stored = StoredFile.objects.filter(uuid=uuid).first()
    if stored is None:
        return None
    for owner in _FILE_OWNERS.values():
        if not (user.is_authenticated or owner.public):
            continue
        holders = owner.model._default_manager.filter(**{owner.field: stored})
        if any(owner.can_view(user, holder) for holder in holders):
            return stored, owner
    return None


def stored_file_get_viewable(*, user, uuid) -> StoredFile | None:
    """The file if some object holding it lets `user` see it; otherwise None."""
    found = stored_file_viewable_through(user=user, uuid=uuid)
    return found[0] if found else None


def content_disposition(filename: str, *, inline: bool = False) -> str:
    """`attachment` (or `inline`) with an ASCII fallback name and the real one per RFC 5987 /
    RFC 6266."""
    # "â" becomes "a"; anything else outside plain ASCII becomes "_".
    decomposed = unicodedata.normalize("NFKD", filename)
    fallback = "".join(ch for ch in decomposed if not unicodedata.combining(ch))
    fallback = re.sub(r"[^A-Za-z0-9 ._()\-]", "_", fallback).strip() or "download"
    disposition = "inline" if inline else "attachment"
    header = f'{disposition}; filename="{fallback}"'
    if fallback != filename:
        header += f"; filename*=UTF-8''{quote(filename, safe='')}"
    return header
