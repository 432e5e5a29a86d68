"""The registry's pages, for office staff of any body (core.access.office_staff_required).

Providers, panel members, assessors who are not office staff, and the public are refused:
anonymous people are sent to sign in, everyone else gets 403.
"""

from django.http import Http404
from django.shortcuts import get_object_or_404, render
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext as _
from django.views.decorators.http import require_http_methods, require_safe

from core.access import office_staff_required
from core.exports import csv_response
from core.pages import form_page, posted
from core.paging import CappedPaginator, IdsPaginator
from providers.filters import RegistryFilter
from providers.models import DueDiligenceDocument, Organisation
from providers.registry.exports import CSV_KIND, REGISTRY_COLUMNS, XLSX_KIND, export_rows
from providers.registry.forms import NoteForm, VerificationForm
from providers.registry.selectors import (
    change_history,
    due_diligence_from_rows,
    note_list_for,
    registry_base,
    registry_member_list,
    registry_page_rows,
    verification_list,
)
from providers.registry.services import note_add, verification_record
from providers.selectors import document_rows, organisation_profile

PAGE_SIZE = 25
# Past this many results the page says "More than 1,000 providers" and offers 40 pages: a
# search that broad is narrowed, not paged through (the export has every row). Counting
# stops there, so a common word among 50,000 providers is not counted to the end.
COUNT_LIMIT = 1000


@office_staff_required
@require_safe
def registry_search(request):
    """Queries: the session, user, roles and second factor; the filter form's services,
    victim groups and areas (one query); with a number, org-id or postcode, its lookup;
    the ids of the first 1,001 results in order (the count and the page; ranked by
    relevance, the count first, and too many to rank, their page's ids by name); the
    page's rows with their verification, numbers, areas and services. The same at 3
    providers or 300 (tests/providers/test_registry_search_view.py).
    """
    today = timezone.localdate()
    filterset = RegistryFilter(request.GET, queryset=registry_base(), today=today)
    results = filterset.qs if filterset.is_valid() else Organisation.objects.none()
    paginator = IdsPaginator(results, PAGE_SIZE, limit=COUNT_LIMIT)
    broad = False
    if filterset.ranked:
        # Ranking scores every match first, so the matches are counted first (the scan
        # stops at the limit): more is a word too common to rank, listed by name
        # (registry_broad_order), and only its page's ids are read, through the name index.
        counted = CappedPaginator(
            results.values_list("pk", flat=True), PAGE_SIZE, limit=COUNT_LIMIT
        )
        broad = counted.capped
        if broad:
            # The count is kept (a cached property); the page comes from the new order.
            counted.object_list = filterset.too_broad_to_rank(results).values_list("pk", flat=True)
            paginator = counted
    page = paginator.get_page(request.GET.get("page"))
    page.object_list = registry_page_rows(page.object_list, today=today)
    query = request.GET.copy()
    query.pop("page", None)
    return render(
        request,
        "providers/registry/search.html",
        {
            "filterset": filterset,
            "form": filterset.form,
            "page": page,
            "searched": bool(request.GET),
            "broad": broad,
            "query": query.urlencode(),
            "csv_kind": CSV_KIND,
            "xlsx_kind": XLSX_KIND,
            "download_parameters": {"query": query.urlencode()},
        },
    )


@office_staff_required
@require_safe
def registry_export_csv(request):
    filterset = RegistryFilter(request.GET, queryset=registry_base())
    rows = export_rows(request.GET) if filterset.is_valid() else []
    filename = f"provider-registry-{timezone.localdate():%Y-%m-%d}.csv"
    return csv_response(filename, REGISTRY_COLUMNS, rows)


@office_staff_required
@require_safe
def registry_detail(request, pk):
    """Queries: besides the session's, the profile with the names of its areas, services
    and groups; its numbers, current and past; members; documents; verifications
    and the documents they checked; this body's notes; and the audit trail of the profile
    and of its numbers.
    The same however many of each (tests/providers/test_registry_detail_view.py)."""
    today = timezone.localdate()
    try:
        organisation = organisation_profile(pk=pk)
    except Organisation.DoesNotExist:
        raise Http404 from None
    rows = document_rows(organisation=organisation, today=today)
    verifications = list(verification_list(organisation=organisation, today=today))
    return render(
        request,
        "providers/registry/detail.html",
        {
            "organisation": organisation,
            "past_identifiers": organisation.past_identifiers,
            "members": registry_member_list(organisation=organisation),
            "rows": rows,
            "due_diligence": due_diligence_from_rows(rows),
            "verifications": verifications,
            "holding": next((v for v in verifications if not v.lapsed), None),
            "notes": note_list_for(organisation=organisation, body=request.policing_body),
            "note_form": NoteForm(
                action=reverse("providers:registry-note-add", kwargs={"pk": organisation.pk})
            ),
            "history": change_history(organisation=organisation),
            "body": request.policing_body,
        },
    )


@office_staff_required
@require_http_methods(["GET", "POST"])
def registry_verify(request, pk):
    organisation = get_object_or_404(Organisation, pk=pk)
    back = reverse("providers:registry-detail", kwargs={"pk": pk})
    current = DueDiligenceDocument.objects.filter(
        organisation=organisation, replaced_at__isnull=True
    ).order_by("kind")
    form = VerificationForm(posted(request), documents=current, cancel_url=back)
    return form_page(
        request,
        form,
        title=_("Record a verification"),
        save=lambda data: verification_record(
            organisation=organisation,
            checked_by=request.user,
            body=request.policing_body,
            identifiers_checked=data["identifiers_checked"],
            documents=data["documents"],
            note=data["note"],
        ),
        done=back,
        success=_("Your verification is recorded."),
        template="providers/registry/verify.html",
        organisation=organisation,
        back=back,
    )


@office_staff_required
@require_http_methods(["GET", "POST"])
def registry_note_add(request, pk):
    organisation = get_object_or_404(Organisation, pk=pk)
    back = reverse("providers:registry-detail", kwargs={"pk": pk})
    form = NoteForm(posted(request))
    return form_page(
        request,
        form,
        title=_("Add a note"),
        save=lambda data: note_add(
            organisation=organisation,
            body=request.policing_body,
            author=request.user,
            text=data["text"],
        ),
        done=f"{back}#notes",
        success=_("Your note is saved."),
        template="providers/registry/note_add.html",
        organisation=organisation,
        back=back,
    )
