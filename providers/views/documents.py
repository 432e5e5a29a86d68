"""Due-diligence documents: what the organisation has, what is missing, uploading."""

from django.core.exceptions import ValidationError
from django.http import Http404
from django.shortcuts import render
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext as _
from django.views.decorators.http import require_http_methods, require_safe

from core.pages import form_page, posted, posted_files
from providers.access import editor_required, member_required
from providers.documents import RULES, DocumentKind, documents_required
from providers.forms import DocumentUploadForm
from providers.selectors import document_rows
from providers.services.documents import document_upload as upload


@member_required
@require_safe
def document_list(request, pk):
    """Queries: session, user, roles for bodies, the second-factor check's devices, the
    person's memberships, and every version of every document with its file and uploader
    in one; the same for 3 versions or 300 (tests/providers/test_document_views.py)."""
    organisation = request.organisation
    return render(
        request,
        "providers/document_list.html",
        {
            "organisation": organisation,
            "membership": request.membership,
            "rows": document_rows(organisation=organisation, today=timezone.localdate()),
        },
    )


@editor_required
@require_http_methods(["GET", "POST"])
def document_upload(request, pk, kind):
    organisation = request.organisation
    try:
        kind = DocumentKind(kind)
    except ValueError:
        raise Http404 from None
    back = reverse("providers:document-list", kwargs={"pk": pk})
    form = DocumentUploadForm(posted(request), posted_files(request), kind=kind, cancel_url=back)
    return form_page(
        request,
        form,
        title=kind.label,
        save=lambda data: upload(
            organisation=organisation,
            kind=kind,
            uploaded_file=data["file"],
            document_date=data["document_date"],
            uploaded_by=request.user,
        ),
        done=back,
        success=_("%(document)s uploaded.") % {"document": kind.label},
        # The file's type or size, checked by core.uploads.
        error_fields={ValidationError: "file"},
        template="providers/document_upload.html",
        organisation=organisation,
        kind=kind,
        required=kind in documents_required(organisation.legal_form),
        rules=RULES[kind],
    )
