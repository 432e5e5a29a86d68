"""The public national view of a published stream: every body's allocation for a year, the
total, a sortable table, a bar chart drawn on the server, and CSV and XLSX downloads."""

from django.shortcuts import render
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy
from django.views.decorators.http import require_safe

from core.access import second_factor_exempt
from core.exports import Column, csv_response, xlsx_response
from funding import selectors
from funding.charts import bar_chart

EXPORT_COLUMNS = [
    Column(gettext_lazy("Area"), "body.police_area", width=30),
    Column(gettext_lazy("Policing body"), "body.name", width=50),
    Column(gettext_lazy("Year"), "year"),
    Column(gettext_lazy("Fund"), "line_label", width=40),
    Column(gettext_lazy("Amount (£)"), "amount", width=20),
]


@second_factor_exempt
@require_safe
def national_index(request):
    years = selectors.national_years()
    streams = [(stream, years.get(stream.pk, [])) for stream in selectors.published_streams()]
    return render(request, "funding/national_index.html", {"streams": streams})


def _scope(request, stream, year):
    stream = selectors.published_stream_get(slug=stream)
    year = selectors.year_from_path(year)
    lines = selectors.national_lines(stream=stream, year=year)
    line = request.GET.get("line", "")
    if line not in lines:
        line = ""
    return stream, year, lines, line


def _sort_links(sort):
    """For each sortable column: the sort its header link asks for and its aria-sort now."""
    links = {}
    for column in ("area", "amount"):
        if sort == column:
            links[column] = {"next": f"-{column}", "aria": "ascending"}
        elif sort == f"-{column}":
            links[column] = {"next": column, "aria": "descending"}
        else:
            links[column] = {"next": column if column == "area" else f"-{column}", "aria": "none"}
    return links


@second_factor_exempt
@require_safe
def national(request, stream, year):
    stream, year, lines, line = _scope(request, stream, year)
    sort = request.GET.get("sort", selectors.DEFAULT_SORT)
    if sort not in selectors.SORTS:
        sort = selectors.DEFAULT_SORT
    rows, missing = selectors.national_rows(stream=stream, year=year, line=line, sort=sort)
    total = sum((row.amount for row in rows), 0)
    query = f"?line={line}" if line else ""
    return render(
        request,
        "funding/national.html",
        {
            "stream": stream,
            "year": year,
            "lines": lines,
            "line": line,
            "rows": rows,
            "missing": missing,
            "total": total,
            "sort": sort,
            "sort_links": _sort_links(sort),
            "download_query": query,
            "chart": bar_chart((row.body.police_area, row.amount) for row in rows),
            "chart_title": _("%(stream)s %(year)s: allocation of each body")
            % {"stream": stream.name, "year": year},
        },
    )


def _filename(stream, year, line, extension):
    suffix = f"-{line}" if line else ""
    return f"{stream.slug}-{year}{suffix}.{extension}"


@second_factor_exempt
@require_safe
def national_csv(request, stream, year):
    stream, year, _lines, line = _scope(request, stream, year)
    allocations = selectors.national_allocations(stream=stream, year=year, line=line)
    return csv_response(
        _filename(stream, year, line, "csv"), EXPORT_COLUMNS, allocations.iterator()
    )


@second_factor_exempt
@require_safe
def national_xlsx(request, stream, year):
    stream, year, _lines, line = _scope(request, stream, year)
    allocations = selectors.national_allocations(stream=stream, year=year, line=line)
    return xlsx_response(
        _filename(stream, year, line, "xlsx"),
        EXPORT_COLUMNS,
        allocations.iterator(),
        sheet_title=f"{stream.name} {year}",
    )
