"""Reading a published table, CSV or XLSX, into numbered rows of cells.

Only the reading: which rows are headers, areas or totals is `funding.importing`'s business.
CSV cells are text; XLSX cells are what openpyxl gives (text, int, float, datetime, None),
and a float is turned into a Decimal only by `funding.importing`, through its repr.
"""

import csv
import io
from dataclasses import dataclass

from django.utils.translation import gettext_lazy as _

# Large enough for any national table (a few hundred rows), small enough to keep in a session.
MAX_TABLE_BYTES = 2 * 1024 * 1024
UTF8_BOM = b"\xef\xbb\xbf"
ZIP_MAGIC = b"PK\x03\x04"
OLE_MAGIC = b"\xd0\xcf\x11\xe0"


class TableUnreadable(Exception):  # noqa: N818 (a verdict on the file, not a malfunction)
    """The file cannot be read as a table; `message` says why, for the person who gave it."""

    def __init__(self, message):
        super().__init__(message)
        self.message = message


@dataclass(frozen=True)
class Table:
    # (line or row number as the person sees it in their editor or Excel, cells)
    rows: list[tuple[int, list]]
    kind: str  # "csv" or "xlsx"
    sheet: str = ""


def is_xlsx(content: bytes) -> bool:
    return content.startswith(ZIP_MAGIC)


def read_table(content: bytes, *, sheet: str | None = None) -> Table:
    """The rows of a CSV (UTF-8, with or without a byte-order mark, or Windows-1252) or of
    one sheet of an XLSX workbook (`sheet`, else the first)."""
    if len(content) > MAX_TABLE_BYTES:
        raise TableUnreadable(_("The file is too large: a table of allocations is under 2 MB."))
    if not content.strip():
        raise TableUnreadable(_("The file is empty."))
    if content.startswith(OLE_MAGIC):
        raise TableUnreadable(
            _("This is an old Excel (.xls) file. Save it as .xlsx or CSV and import that.")
        )
    if is_xlsx(content):
        return _read_xlsx(content, sheet)
    if sheet:
        raise TableUnreadable(_("A CSV file has no sheets: leave the sheet out."))
    return _read_csv(content)


def decode_text(content: bytes) -> str:
    """UTF-8 (a byte-order mark is dropped), else Windows-1252, where "£" is the byte 0xA3."""
    if content.startswith(UTF8_BOM):
        content = content[len(UTF8_BOM) :]
    if b"\x00" in content:
        raise TableUnreadable(_("The file is not a CSV or an Excel (.xlsx) file."))
    try:
        return content.decode("utf-8")
    except UnicodeDecodeError:
        pass
    try:
        return content.decode("cp1252")
    except UnicodeDecodeError as exc:
        raise TableUnreadable(
            _("The file's text is neither UTF-8 nor Windows-1252. Save it as CSV UTF-8.")
        ) from exc


def _read_csv(content: bytes) -> Table:
    text = decode_text(content)
    reader = csv.reader(io.StringIO(text, newline=""))
    rows = []
    line = 1
    try:
        for cells in reader:
            rows.append((line, cells))
            # A quoted cell may hold line breaks: the next row starts after them.
            line = reader.line_num + 1
    except csv.Error as exc:
        raise TableUnreadable(
            _("Line %(line)s of the CSV cannot be read: %(error)s")
            % {"line": reader.line_num, "error": exc}
        ) from exc
    return Table(rows=rows, kind="csv")


def _read_xlsx(content: bytes, sheet: str | None) -> Table:
    from openpyxl import load_workbook

    try:
        workbook = load_workbook(io.BytesIO(content), read_only=False, data_only=True)
    except Exception as exc:  # openpyxl raises many kinds for a damaged file
        raise TableUnreadable(_("The Excel file cannot be opened: it may be damaged.")) from exc
    try:
        if sheet:
            if sheet not in workbook.sheetnames:
                raise TableUnreadable(
                    _("There is no sheet called “%(sheet)s”. The sheets are: %(sheets)s.")
                    % {"sheet": sheet, "sheets": ", ".join(workbook.sheetnames)}
                )
            worksheet = workbook[sheet]
        else:
            worksheet = workbook.worksheets[0]
        rows = [
            (number, list(values))
            for number, values in enumerate(
                worksheet.iter_rows(min_row=1, min_col=1, values_only=True), start=1
            )
        ]
        return Table(rows=rows, kind="xlsx", sheet=worksheet.title)
    finally:
        workbook.close()
