"""A file offered for download as the GOV.UK attachment pattern: its title as the link,
then its type and size ("PDF, 1.2 MB"), so people know what they are getting.

    {% load attachments %}{% attachment stored_file title %}

Links go through `core:file-download` (the file owner's rule decides who may have it).
"""

from django import template
from django.template.defaultfilters import filesizeformat
from django.utils.translation import gettext_lazy as _

from core.filetypes import ALLOWED_TYPES

register = template.Library()

_LABELS = {file_type.content_type: file_type.label for file_type in ALLOWED_TYPES}
_LABELS["text/csv"] = _("CSV")


@register.filter
def file_type_label(stored_file) -> str:
    """'PDF', 'Word document'...; the file name's extension in capitals when unknown."""
    label = _LABELS.get(stored_file.content_type)
    if label is not None:
        return str(label)
    _stem, dot, extension = stored_file.original_name.rpartition(".")
    return extension.upper() if dot else str(_("File"))


@register.inclusion_tag("includes/attachment.html")
def attachment(stored_file, title, description=""):
    return {
        "file": stored_file,
        "title": title,
        "description": description,
        "type_label": file_type_label(stored_file),
        "size": filesizeformat(stored_file.size),
    }
