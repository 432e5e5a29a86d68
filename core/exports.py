"""Tabular exports, CSV and XLSX, that stream and cannot carry formulas.

Define an export as a list of columns, each a header and an accessor:

    AWARD_COLUMNS = [
        Column(_("Reference"), "reference"),
        Column(_("Recipient"), "provider.name"),
        Column(_("Amount"), "amount"),                       # a £ number in XLSX
        Column(_("Awarded on"), "decided_at"),               # a date, shown in London time
        Column(_("Status"), "get_status_display"),           # callables are called
        Column(_("Year"), lambda award: award.budget.year),  # or any function of the row
    ]

then hand it rows, ideally a generator such as `queryset.iterator()`:

    return csv_response("awards.csv", AWARD_COLUMNS, awards.iterator())   # in a view
    write_xlsx(file, AWARD_COLUMNS, awards.iterator(), sheet_title=_("Awards"))  # in a task

Rows are read one at a time and never all held: a CSV response streams as it is built, and an
XLSX workbook (a zip, which cannot be sent until it is complete) is built by openpyxl's
write-only mode into a file. Memory stays flat whatever the row count, apart from the
workbook's table of distinct strings.

Formula injection: a spreadsheet runs a cell that begins with =, +, -, @, a tab or a carriage
return as a formula, so text that begins with one is written with a leading apostrophe.
Numbers, dates and money are written as values, never as text, so they are unaffected.
"""

import contextlib
import csv
import dataclasses
import datetime
import re
import tempfile
import zoneinfo
from collections.abc import Callable, Iterable, Iterator, Mapping
from decimal import Decimal
from typing import Any

from django.http import FileResponse, StreamingHttpResponse
from django.utils.functional import Promise
from django.utils.http import content_disposition_header
from openpyxl import Workbook
from openpyxl.cell import WriteOnlyCell
from openpyxl.cell.cell import ERROR_CODES, ILLEGAL_CHARACTERS_RE
from openpyxl.styles import Font
from openpyxl.utils import get_column_letter

from core.financial_years import FinancialYear

LONDON = zoneinfo.ZoneInfo("Europe/London")
FORMULA_TRIGGERS = ("=", "+", "-", "@", "\t", "\r")
XLSX_CONTENT_TYPE = "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"
MONEY_FORMAT = '"£"#,##0.00;-"£"#,##0.00'
DATE_FORMAT = "d mmm yyyy"
DATETIME_FORMAT = "d mmm yyyy hh:mm"
# A streamed CSV is sent in pieces of about this many characters, not one per row.
CSV_CHUNK_SIZE = 32 * 1024
PROGRESS_EVERY = 1000


@dataclasses.dataclass(frozen=True)
class Column:
    """One column of an export: its header and how to get its value from a row.

    `accessor` is a function of the row, or a dotted path of attributes or keys
    ("provider.name"); a callable met on the path is called ("get_status_display"), and a
    None on the way gives an empty cell. A misspelt name raises rather than exporting blanks.
    `number_format` (XLSX only) overrides the format for numbers, dates and money in it, say
    "0.0" for a score that is a Decimal but not money; `width` is the XLSX column width.
    """

    header: str
    accessor: str | Callable[[Any], Any]
    number_format: str | None = None
    width: float | None = None

    def value(self, row):
        if callable(self.accessor):
            return self.accessor(row)
        value = row
        for part in self.accessor.split("."):
            if value is None:
                return None
            value = value[part] if isinstance(value, Mapping) else getattr(value, part)
            if callable(value) and not isinstance(value, type):
                value = value()
        return value


def neutralise(text: str) -> str:
    """Text a spreadsheet will show, never run: "=1+1" -> "'=1+1"."""
    return "'" + text if text.startswith(FORMULA_TRIGGERS) else text


def _london(moment: datetime.datetime) -> datetime.datetime:
    if moment.tzinfo is None or moment.utcoffset() is None:
        raise ValueError(f"cannot export the naive datetime {moment}: give an aware one")
    return moment.astimezone(LONDON)


# CSV


class _Echo:
    """A file that hands back what is written, so csv.writer can format one row at a time."""

    def write(self, value):
        return value


def _csv_value(value) -> str:
    if value is None:
        return ""
    if isinstance(value, bool):
        return "TRUE" if value else "FALSE"
    if isinstance(value, Decimal):
        return format(value, "f")  # 1000.00, never 1.00E+3
    if isinstance(value, int | float):
        return str(value)
    if isinstance(value, datetime.datetime):
        return _london(value).isoformat()  # 2026-04-01T00:30:00+01:00
    if isinstance(value, datetime.date):
        return value.isoformat()
    if isinstance(value, FinancialYear):
        return str(value)
    return neutralise(str(value))


def iter_csv(
    columns: list[Column], rows: Iterable, *, bom: bool = True, progress=None
) -> Iterator[str]:
    """The CSV text of a header row and the rows, in pieces of about CSV_CHUNK_SIZE.

    `bom` starts the text with a byte-order mark, without which Excel misreads "£" and
    Welsh accents; turn it off for files that only programs read.
    `progress(rows_done)`, if given, is called every PROGRESS_EVERY rows and at the end.
    """
    writer = csv.writer(_Echo())
    pending = ["\ufeff"] if bom else []
    pending.append(writer.writerow([neutralise(str(column.header)) for column in columns]))
    size = 0
    done = 0
    for row in rows:
        line = writer.writerow([_csv_value(column.value(row)) for column in columns])
        pending.append(line)
        size += len(line)
        done += 1
        if progress is not None and done % PROGRESS_EVERY == 0:
            progress(done)
        if size >= CSV_CHUNK_SIZE:
            yield "".join(pending)
            pending, size = [], 0
    if progress is not None:
        progress(done)
    if pending:
        yield "".join(pending)


def write_csv(fileobj, columns: list[Column], rows: Iterable, *, bom=True, progress=None) -> None:
    """Write the CSV to a text file opened with newline="" and encoding="utf-8"."""
    for chunk in iter_csv(columns, rows, bom=bom, progress=progress):
        fileobj.write(chunk)


def csv_response(
    filename: str, columns: list[Column], rows: Iterable, *, bom: bool = True
) -> StreamingHttpResponse:
    """A download that streams the CSV as it is built, however many rows there are."""
    # Translate the headers now, in the request's language, not whenever the server gets
    # round to iterating the response.
    columns = [dataclasses.replace(column, header=str(column.header)) for column in columns]
    return StreamingHttpResponse(
        iter_csv(columns, rows, bom=bom),
        content_type="text/csv; charset=utf-8",
        headers={"Content-Disposition": content_disposition_header(True, filename)},
    )


# XLSX

_SHEET_TITLE_FORBIDDEN = re.compile(r"[\\/*?:\[\]]")


def _sheet_title(title) -> str:
    # Excel allows 31 characters and none of \ / * ? : [ ]; openpyxl would refuse or warn.
    return _SHEET_TITLE_FORBIDDEN.sub(" ", str(title)).strip()[:31] or "Export"


def _xlsx_cell(sheet, column: Column, value):
    if value is None or isinstance(value, bool | int | float):
        return value
    if isinstance(value, Decimal):
        if not value.is_finite():
            raise ValueError(f"cannot export {value}")
        cell = WriteOnlyCell(sheet, value=value)
        cell.number_format = column.number_format or MONEY_FORMAT
        return cell
    if isinstance(value, datetime.datetime):
        # Excel has no time zones: write the London wall-clock time.
        cell = WriteOnlyCell(sheet, value=_london(value).replace(tzinfo=None))
        cell.number_format = column.number_format or DATETIME_FORMAT
        return cell
    if isinstance(value, datetime.date):
        cell = WriteOnlyCell(sheet, value=value)
        cell.number_format = column.number_format or DATE_FORMAT
        return cell
    text = neutralise(ILLEGAL_CHARACTERS_RE.sub("", str(value)))
    if text in ERROR_CODES:
        # "#N/A" typed into a form is text, not a spreadsheet error.
        cell = WriteOnlyCell(sheet, value=text)
        cell.data_type = "s"
        return cell
    return text


def _discard(sheet) -> None:
    """Stop openpyxl's half-written sheet now: close its writers and delete its temporary file.

    Left alone, they are closed whenever the garbage collector gets to them, writing to a
    file that is already closed, and the error surfaces in some later, unrelated code.
    """
    with contextlib.suppress(Exception):
        sheet.close()
    writer = getattr(sheet, "_writer", None)
    if writer is not None:
        with contextlib.suppress(Exception):
            writer.xf.close()
        with contextlib.suppress(Exception):
            writer.cleanup()


def write_xlsx(
    fileobj,
    columns: list[Column],
    rows: Iterable,
    *,
    sheet_title: str | Promise = "Export",
    progress=None,
) -> int:
    """Write a one-sheet workbook to a path or a binary file object; returns the row count.

    The header row is bold and stays in view as the sheet scrolls. Decimals are numbers in a
    £ format, dates and datetimes (in London time) are dates. `progress` as for `iter_csv`.
    """
    workbook = Workbook(write_only=True)
    sheet = workbook.create_sheet(title=_sheet_title(sheet_title))
    for index, column in enumerate(columns, start=1):
        width = column.width or max(12, min(60, len(str(column.header)) + 4))
        sheet.column_dimensions[get_column_letter(index)].width = width
    sheet.freeze_panes = "A2"
    bold = Font(bold=True)
    header = []
    for column in columns:
        cell = WriteOnlyCell(sheet, value=neutralise(str(column.header)))
        cell.font = bold
        header.append(cell)
    done = 0
    try:
        sheet.append(header)
        for row in rows:
            sheet.append([_xlsx_cell(sheet, column, column.value(row)) for column in columns])
            done += 1
            if progress is not None and done % PROGRESS_EVERY == 0:
                progress(done)
    except BaseException:
        _discard(sheet)
        raise
    workbook.save(fileobj)
    if progress is not None:
        progress(done)
    return done


def xlsx_response(
    filename: str,
    columns: list[Column],
    rows: Iterable,
    *,
    sheet_title: str | Promise = "Export",
) -> FileResponse:
    """A download of the workbook, built first in a temporary file (removed when sent).

    For a large export prefer a Celery task that calls `write_xlsx` and offers the file
    when it is done: the request waits while the workbook is built.
    """
    # Closed (and so deleted) by FileResponse when the response has been sent.
    file = tempfile.TemporaryFile()  # noqa: SIM115
    write_xlsx(file, columns, rows, sheet_title=sheet_title)
    file.seek(0)
    return FileResponse(file, as_attachment=True, filename=filename, content_type=XLSX_CONTENT_TYPE)
