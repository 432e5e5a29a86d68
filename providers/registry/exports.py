"""The registry's exports: organisation fields only, never people's names or contact details.

The search page offers both as generated files (core.generated), made in the background from
the search's query string, so a bookmarked search exports the same rows; the CSV also
streams straight from `registry-export-csv` for a link kept from before.
"""

import io

from django.http import QueryDict
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from core.access import is_office_staff
from core.exports import XLSX_CONTENT_TYPE, Column, write_csv, write_xlsx
from core.generated import GeneratedContent
from providers.registry.selectors import (
    DueDiligence,
    registry_annotate,
    registry_base,
    registry_export_rows,
)

XLSX_KIND = "provider-registry-xlsx"
CSV_KIND = "provider-registry-csv"


def _names(relation, attribute):
    return lambda row: "; ".join(getattr(item, attribute) for item in getattr(row, relation).all())


REGISTRY_COLUMNS = [
    Column(_("Name"), "name", width=40),
    Column(_("Org-id"), "org_id", width=24),
    Column(_("Legal form"), "get_legal_form_display", width=30),
    Column(_("Charity number"), "charity_number"),
    Column(_("Company number"), "company_number"),
    Column(_("Postcode"), "postcode"),
    Column(_("Website"), "website", width=30),
    Column(_("Areas served"), _names("areas_served", "police_area"), width=40),
    Column(_("Services offered"), _names("service_categories", "name"), width=50),
    Column(_("Annual income"), "get_income_band_display", width=24),
    Column(_("Due diligence"), lambda row: str(DueDiligence(row.due_diligence).label), width=24),
    Column(_("Last verified"), "last_verified_at"),
]


def registry_filtered(query: QueryDict, *, today=None):
    """The organisations a registry search with this query string lists, in its order."""
    from providers.filters import RegistryFilter

    today = today or timezone.localdate()
    filtered = RegistryFilter(query, queryset=registry_base(), today=today).qs
    return registry_annotate(filtered, today=today)


def export_rows(query: QueryDict):
    return registry_export_rows(registry_filtered(query))


def xlsx_clean_parameters(submitted: dict) -> dict:
    # The search's own query string, as the page had it; the filter ignores what it does
    # not know and an invalid filter lists nothing.
    return {"query": str(submitted.get("query", ""))[:2000]}


def xlsx_can_request(user, parameters) -> bool:
    return is_office_staff(user)


def xlsx_generate(generated, progress):
    query = QueryDict(generated.parameters.get("query", ""))
    buffer = io.BytesIO()
    write_xlsx(
        buffer,
        REGISTRY_COLUMNS,
        export_rows(query),
        sheet_title=_("Provider registry"),
        progress=progress,
    )
    filename = f"provider-registry-{timezone.localdate():%Y-%m-%d}.xlsx"
    return GeneratedContent(filename, XLSX_CONTENT_TYPE, buffer.getvalue())


def csv_generate(generated, progress):
    query = QueryDict(generated.parameters.get("query", ""))
    buffer = io.StringIO(newline="")
    write_csv(buffer, REGISTRY_COLUMNS, export_rows(query), progress=progress)
    filename = f"provider-registry-{timezone.localdate():%Y-%m-%d}.csv"
    return GeneratedContent(filename, "text/csv; charset=utf-8", buffer.getvalue().encode("utf-8"))
