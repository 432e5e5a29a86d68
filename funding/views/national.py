"""The public national view of a published stream: every body's allocation for a year, the
total, a sortable table, a bar chart drawn on the server, and CSV and XLSX downloads, files
prepared once per change of the allocations (funding.downloads) and linked with their size."""

from django.shortcuts import redirect, render
from django.utils.translation import gettext as _
from django.views.decorators.http import require_safe

from core.access import second_factor_exempt
from funding import selectors
from funding.charts import bar_chart
from funding.downloads import national_download_current


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
    return render(
        request,
        "funding/national.html",
        {
            "stream": stream,
            "purposes": list(stream.purposes.all()) if stream.ring_fenced else [],
            "year": year,
            "lines": lines,
            "line": line,
            "rows": rows,
            "missing": missing,
            "total": total,
            "sort": sort,
            "sort_links": _sort_links(sort),
            "download": national_download_current(
                stream=stream, year=year, line=line, language=request.LANGUAGE_CODE
            ),
            "chart": bar_chart((row.body.police_area, row.amount) for row in rows),
            "chart_title": _("%(stream)s %(year)s: allocation of each body")
            % {"stream": stream.name, "year": year},
        },
    )


def _download(request, stream, year):
    stream, year, _lines, line = _scope(request, stream, year)
    return national_download_current(
        stream=stream, year=year, line=line, language=request.LANGUAGE_CODE
    )


@second_factor_exempt
@require_safe
def national_csv(request, stream, year):
    """Where the CSV used to be made per request: now the prepared file."""
    download = _download(request, stream, year)
    return redirect("core:file-download", download.csv_file.uuid)


@second_factor_exempt
@require_safe
def national_xlsx(request, stream, year):
    """Where the XLSX used to be made per request: now the prepared file."""
    download = _download(request, stream, year)
    return redirect("core:file-download", download.xlsx_file.uuid)
