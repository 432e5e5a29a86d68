"""Importing a published table in the browser, in two steps: check what would change, then
confirm, all or nothing.

Between the steps the table waits in the person's session (it is under 2 MB), with what they
said about it; the confirmation carries a fingerprint of the changes they saw, so it imports
exactly those or nothing (funding.services.allocations_import).
"""

import base64

from django.contrib import messages
from django.core.exceptions import PermissionDenied
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils.translation import gettext as _
from django.views.decorators.http import require_http_methods

from core.money import format_money
from funding import importing, services
from funding.errors import ImportRefused, PreviewOutdated, RoleRequired
from funding.forms import ColumnForm, ImportForm
from funding.models import FundingStream
from funding.tables import TableUnreadable, read_table
from funding.views._common import importers_only

SESSION_KEY = "funding_import"


def _cancel_url(request):
    return "funding:finance" if request.policing_body is not None else "funding:national-index"


@require_http_methods(["GET", "POST"])
@importers_only
def import_start(request):
    form = ImportForm(request.POST or None, request.FILES or None, cancel=_cancel_url(request))
    if request.method == "POST" and form.is_valid():
        data = form.cleaned_data
        content = data["table"].table_content
        try:
            read_table(content, sheet=data["sheet"] or None)
        except TableUnreadable as error:
            form.add_error("table" if not data["sheet"] else "sheet", error.message)
        else:
            request.session[SESSION_KEY] = {
                "body": request.policing_body.pk if request.policing_body else None,
                "content": base64.b64encode(content).decode("ascii"),
                "filename": data["table"].name[:255],
                "stream": data["stream"].slug,
                "year": str(data["year"]) if data["year"] else "",
                "units": data["units"],
                "label": data["label"].strip(),
                "sheet": data["sheet"].strip(),
                "column": "",
            }
            return redirect("funding:import-preview")
    return render(
        request,
        "funding/import_start.html",
        {"form": form, "body": request.policing_body},
    )


def _stored(request):
    """The table waiting in the session, if it is this person's for this body."""
    stored = request.session.get(SESSION_KEY)
    body_pk = request.policing_body.pk if request.policing_body else None
    if not stored or stored.get("body") != body_pk:
        return None
    return stored


def _arguments(request, stored):
    stream = FundingStream.objects.get(slug=stored["stream"])
    table = read_table(base64.b64decode(stored["content"]), sheet=stored["sheet"] or None)
    options = importing.Options(
        year=importing.year_parse(stored["year"]) if stored["year"] else None,
        label=stored["label"],
        units=stored["units"],
        column=stored["column"],
    )
    return {
        "by": request.user,
        "stream": stream,
        "table": table,
        "options": options,
        "body": request.policing_body,
    }


def _column_choices(parsed):
    """Every header but the area's: the amounts are in one of these."""
    return [h for h in parsed.headers if importing.header_key(h) not in importing.AREA_HEADERS]


def _render_preview(request, stored, preview, column_form=None):
    parsed = preview.parsed
    if column_form is None and not parsed.amount_column and parsed.headers:
        column_form = ColumnForm(headers=_column_choices(parsed))
    return render(
        request,
        "funding/import_preview.html",
        {
            "preview": preview,
            "stored": stored,
            "body": request.policing_body,
            "column_form": column_form,
        },
    )


@require_http_methods(["GET", "POST"])
@importers_only
def import_preview(request):
    stored = _stored(request)
    if stored is None:
        messages.info(request, _("Choose the table to import."))
        return redirect("funding:import")
    try:
        arguments = _arguments(request, stored)
    except (TableUnreadable, FundingStream.DoesNotExist, ValueError):
        del request.session[SESSION_KEY]
        messages.error(request, _("The table could not be read again. Choose it again."))
        return redirect("funding:import")

    action = request.POST.get("action") if request.method == "POST" else None
    try:
        if action == "column":
            preview = services.allocations_preview(**arguments)
            column_form = ColumnForm(request.POST, headers=_column_choices(preview.parsed))
            if not column_form.is_valid():
                return _render_preview(request, stored, preview, column_form)
            stored["column"] = column_form.cleaned_data["column"]
            request.session[SESSION_KEY] = stored
            return redirect("funding:import-preview")
        if action == "confirm":
            return _confirm(request, stored, arguments)
        preview = services.allocations_preview(**arguments)
    except RoleRequired as error:
        raise PermissionDenied from error
    return _render_preview(request, stored, preview)


def _confirm(request, stored, arguments):
    try:
        preview = services.allocations_import(
            **arguments,
            source=stored["filename"],
            fingerprint=request.POST.get("fingerprint", ""),
        )
    except (ImportRefused, PreviewOutdated) as error:
        messages.error(request, error.message)
        return _render_preview(request, stored, error.extra["preview"])
    del request.session[SESSION_KEY]
    messages.success(
        request,
        _("Imported: %(count)s allocations, total %(total)s. %(changed)s changed.")
        % {
            "count": len(preview.allocations),
            "total": format_money(preview.total),
            "changed": len(preview.changes),
        },
    )
    if request.policing_body is not None:
        return redirect("funding:finance")
    # A site admin's national table: show it as the public will see it, where it is public.
    years = {row.year for row in preview.allocations}
    if preview.stream.published and len(years) == 1:
        return redirect("funding:national", stream=preview.stream.slug, year=str(years.pop()))
    return redirect(reverse("funding:import"))
