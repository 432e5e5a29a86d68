"""Serving stored files, and the pages of generated files."""

from django.conf import settings
from django.contrib.auth.decorators import login_required
from django.contrib.auth.views import redirect_to_login
from django.core.exceptions import ValidationError
from django.core.paginator import Paginator
from django.http import FileResponse, Http404, HttpResponseBadRequest
from django.shortcuts import get_object_or_404, redirect, render
from django.views.decorators.cache import never_cache
from django.views.decorators.http import require_POST, require_safe

from core.access import not_activity
from core.generated import (
    GeneratedFileKindUnknown,
    GeneratedFileNotAllowed,
    generated_file_label,
    generated_file_request,
    generated_files_visible_to,
    generators_offered_to,
)
from core.uploads import content_disposition, stored_file_viewable_through

# Seconds between reloads of a generated file's page while it is being made.
REFRESH_SECONDS = 2
GENERATED_FILES_PER_PAGE = 25


@require_safe
def file_download(request, uuid):
    """The only way out for a stored file: 404 unless an object holding it lets you see it.

    Files of published objects (owners registered `public=True`) need no sign-in; for any
    other file an anonymous visitor is sent to sign in first, as for any private page.
    """
    found = stored_file_viewable_through(user=request.user, uuid=uuid)
    if found is None:
        if not request.user.is_authenticated:
            return redirect_to_login(request.get_full_path())
        raise Http404
    stored, owner = found
    try:
        handle = stored.file.open("rb")
    except FileNotFoundError:
        raise Http404 from None
    response = FileResponse(handle, content_type=stored.content_type)
    inline = owner.inline and stored.content_type == "application/pdf"
    response["Content-Disposition"] = content_disposition(stored.original_name, inline=inline)
    response["X-Content-Type-Options"] = "nosniff"
    response["Cache-Control"] = "private, no-store"
    return response


# The page refreshes itself while the file is made: that is not the person doing anything.
@not_activity
@require_safe
@login_required
@never_cache
def generated_file_detail(request, uuid):
    generated = get_object_or_404(generated_files_visible_to(user=request.user), uuid=uuid)
    refresh = not generated.is_finished
    response = render(
        request,
        "core/generated_file_detail.html",
        {
            "generated": generated,
            "label": generated_file_label(generated),
            "refresh_seconds": REFRESH_SECONDS if refresh else None,
            "ttl_hours": settings.GENERATED_FILE_TTL_HOURS,
        },
    )
    if refresh:
        # The meta element in the page does the same; the header also works where a page's
        # <head> cannot be reached from a content block.
        response["Refresh"] = str(REFRESH_SECONDS)
    return response


@require_safe
@login_required
@never_cache
def generated_file_list(request):
    """Queries: session, user, count, one page of rows with their files."""
    page = Paginator(
        generated_files_visible_to(user=request.user), GENERATED_FILES_PER_PAGE
    ).get_page(request.GET.get("page"))
    rows = [(generated, generated_file_label(generated)) for generated in page]
    return render(
        request,
        "core/generated_file_list.html",
        {
            "page_obj": page,
            "rows": rows,
            "offered": generators_offered_to(request.user),
            "ttl_hours": settings.GENERATED_FILE_TTL_HOURS,
        },
    )


@require_POST
@login_required
def generated_file_request_view(request):
    """Ask for a file from any page: POST `kind` and the kind's parameters."""
    parameters = {
        name: value
        for name, value in request.POST.items()
        if name not in ("kind", "csrfmiddlewaretoken")
    }
    try:
        generated = generated_file_request(
            kind=request.POST.get("kind", ""),
            parameters=parameters,
            requested_by=request.user,
        )
    except (GeneratedFileKindUnknown, GeneratedFileNotAllowed):
        # Parameters may name objects the user may not see: never say whether they exist.
        raise Http404 from None
    except ValidationError:
        return HttpResponseBadRequest()
    return redirect("core:generated-file", uuid=generated.uuid)
