"""Understanding a table of allocations as government prints it (issue 15).

`table_parse(table, options, bodies=...)` finds the header row below any title rows, the area,
year, line and amount columns, resolves each area with `core.bodies.policing_body_resolve`,
reads each amount as a Decimal (never through a float), and checks a totals row against the
sum of the rows. It touches no database: `funding.services.allocations_import` compares the
result with what is stored and writes it, all or nothing.

A problem with one row (an unknown area, a bad amount, a bad year, the same area twice in a
year) is a *problem row*, listed with its line number; a problem with the whole table (no
header, no amount column or several, units that contradict the header, a total that does not
add up) is a *refusal*. Either means nothing is imported.
"""

import re
from dataclasses import dataclass, field
from decimal import Decimal, InvalidOperation

from django.utils.translation import gettext_lazy as _

from core.bodies import normalise_body_name, policing_body_resolve
from core.financial_years import FinancialYear
from core.money import PENCE, TOO_LARGE, format_money

POUNDS = "pounds"
MILLIONS = "millions"
UNITS = (POUNDS, MILLIONS)
MILLION = Decimal(1_000_000)
FIRST_YEAR = FinancialYear(2000)

# Row statuses.
NEW = "new"
CHANGED = "changed"
UNCHANGED = "unchanged"
SKIPPED = "skipped"  # another body's row, for a finance officer
NOTE = "note"  # a line of text under the table, such as "Source: Home Office"
PROBLEM = "problem"


def header_key(text) -> str:
    """'Police Force Area (PFA)' -> 'police force area': lower case, no brackets or symbols."""
    text = re.sub(r"\([^)]*\)", " ", str(text or "").lower())
    text = re.sub(r"[^a-z0-9£]+", " ", text)
    return text.strip()


AREA_HEADERS = {
    "area",
    "police area",
    "police force area",
    "pfa",
    "force",
    "force area",
    "force name",
    "police force",
    "pcc",
    "opcc",
    "pcc area",
    "body",
    "policing body",
    "local policing body",
    "commissioner",
    "police and crime commissioner",
    "recipient",
}
YEAR_HEADERS = {"year", "financial year", "fy"}
LINE_HEADERS = {"fund", "line", "fund line", "funding line", "grant line", "line label"}
# Area cells that mark a totals row (compared after normalise_body_name).
TOTAL_AREAS = {
    "total",
    "totals",
    "grand total",
    "england and wales",
    "total england and wales",
    "england and wales total",
}
_MILLIONS = re.compile(r"million|£\s*m(?![a-z])|\bgbp\s*m\b|\bm£", re.IGNORECASE)
_AMOUNT = re.compile(r"(?:[0-9]{1,3}(?:,[0-9]{3})+|[0-9]+)(?:\.[0-9]+)?|\.[0-9]+")
_YEAR_WORDS = re.compile(r"(?P<start>[0-9]{4})\s+to\s+(?P<end>[0-9]{4})", re.IGNORECASE)
_NEGATIVE_SIGNS = "-\u2212\u2013"


@dataclass(frozen=True)
class Options:
    """What the person said about the table: `--year`, `--label`, `--units`, `--column`."""

    year: FinancialYear | None = None
    label: str = ""
    units: str = POUNDS
    column: str = ""


@dataclass
class Row:
    line: int
    area: str  # as printed
    body: object = None
    year: FinancialYear | None = None
    label: str = ""
    amount: Decimal | None = None
    status: str = NEW
    reason: str = ""
    previous: Decimal | None = None  # the stored amount, for a changed row

    @property
    def key(self):
        return (self.body.pk, self.year, self.label)

    def problem(self, reason) -> None:
        self.status, self.reason = PROBLEM, reason


@dataclass
class TotalCheck:
    line: int
    year: FinancialYear | None
    label: str
    printed: Decimal
    summed: Decimal
    tolerance: Decimal

    @property
    def difference(self) -> Decimal:
        return self.printed - self.summed

    @property
    def agrees(self) -> bool:
        return self.difference == 0

    @property
    def within_rounding(self) -> bool:
        return abs(self.difference) <= self.tolerance

    def describe(self) -> str:
        values = {
            "line": self.line,
            "printed": format_money(self.printed),
            "summed": format_money(self.summed),
            "difference": format_money(abs(self.difference)),
        }
        if self.agrees:
            return str(
                _("Line %(line)s: the total %(printed)s agrees with the sum of the rows.") % values
            )
        if self.within_rounding:
            return str(
                _(
                    "Line %(line)s: the total %(printed)s differs from the sum of the rows, "
                    "%(summed)s, by %(difference)s, within the table's rounding."
                )
                % values
            )
        return str(
            _(
                "Line %(line)s: the total %(printed)s differs from the sum of the rows, "
                "%(summed)s, by %(difference)s, more than the table's rounding explains."
            )
            % values
        )


@dataclass
class ParsedTable:
    rows: list[Row] = field(default_factory=list)
    totals: list[TotalCheck] = field(default_factory=list)
    refusals: list[str] = field(default_factory=list)
    headers: list[str] = field(default_factory=list)
    amount_column: str = ""
    amount_candidates: list[str] = field(default_factory=list)


class AmountInvalid(ValueError):  # noqa: N818 (a verdict on a cell, like ValueError)
    pass


def amount_parse(value, *, units: str = POUNDS) -> tuple[Decimal, Decimal]:
    """A printed amount in pounds as a Decimal to the penny, and the unit it was printed to.

    "£1,234.50", "1234.5", 0, 179.7 (a float from a numeric cell, read through its repr) and,
    in millions, "179.7" -> Decimal("179700000.00") with unit £100,000. Raises AmountInvalid
    with a reason for anything else: text, negatives, fractions of a penny, too large.
    """
    if isinstance(value, bool) or value is None:
        raise AmountInvalid(_("there is no amount"))
    if isinstance(value, float):
        if value != value or value in (float("inf"), float("-inf")):
            raise AmountInvalid(_("it is not a number"))
        # repr gives the shortest text that reads back as the same float: 179.7, not
        # 179.69999999999998863131622783839702606201171875 as Decimal(179.7) would.
        number = Decimal(repr(value))
    elif isinstance(value, int):
        number = Decimal(value)
    elif isinstance(value, Decimal):
        number = value
    else:
        number = _amount_text(str(value), units=units)
    if not number.is_finite():
        raise AmountInvalid(_("it is not a number"))
    if number < 0:
        raise AmountInvalid(_("an allocation cannot be negative"))
    exponent = number.as_tuple().exponent
    unit = Decimal(1).scaleb(min(exponent, 0)) if isinstance(exponent, int) else Decimal(1)
    if units == MILLIONS:
        number, unit = number * MILLION, unit * MILLION
    if number >= TOO_LARGE:
        raise AmountInvalid(_("it is too large"))
    pence = number.quantize(PENCE)
    if pence != number:
        raise AmountInvalid(_("it is not a whole number of pence"))
    return pence, unit


def _amount_text(text: str, *, units: str) -> Decimal:
    cleaned = re.sub(r"[\s\u00a0]+", "", text)
    if not cleaned:
        raise AmountInvalid(_("there is no amount"))
    negative = cleaned[0] in _NEGATIVE_SIGNS or (cleaned[0] == "(" and cleaned[-1] == ")")
    if negative and len(cleaned) > 1:
        raise AmountInvalid(_("an allocation cannot be negative"))
    cleaned = cleaned.removeprefix("£")
    if units == MILLIONS and cleaned[-1:] in ("m", "M"):
        cleaned = cleaned[:-1]
    if not _AMOUNT.fullmatch(cleaned):
        raise AmountInvalid(_("it is not an amount in pounds"))
    try:
        return Decimal(cleaned.replace(",", ""))
    except InvalidOperation as exc:  # pragma: no cover - the pattern allows only numbers
        raise AmountInvalid(_("it is not an amount in pounds")) from exc


def year_parse(value) -> FinancialYear:
    """'2025-26', '2025/26' or '2025 to 2026', from 2000-01 on. Raises ValueError."""
    if not isinstance(value, str):
        raise ValueError(_("write the financial year like 2025-26"))
    text = value.strip()
    match = _YEAR_WORDS.fullmatch(text)
    if match:
        text = f"{match['start']}-{match['end']}"
    try:
        year = FinancialYear.parse(text)
    except ValueError as exc:
        raise ValueError(_("write the financial year like 2025-26")) from exc
    if year < FIRST_YEAR:
        raise ValueError(_("the first financial year we hold is 2000-01"))
    return year


def _is_blank(value) -> bool:
    return value is None or (isinstance(value, str) and not value.strip())


def _text(value) -> str:
    return "" if value is None else str(value).strip()


def says_millions(text) -> bool:
    return bool(_MILLIONS.search(str(text or "")))


def is_total_area(text) -> bool:
    return normalise_body_name(text) in TOTAL_AREAS


def _find_header(rows):
    """The index of the first row naming an area column, with at least two cells filled."""
    for index, (_line, cells) in enumerate(rows):
        keys = [header_key(cell) for cell in cells]
        filled = [key for key in keys if key]
        if len(filled) >= 2 and any(key in AREA_HEADERS for key in keys):
            return index
    return None


def _looks_numeric(value) -> bool:
    """A number as a table prints one, even negative or in millions: for choosing the column."""
    if isinstance(value, bool):
        return False
    if isinstance(value, int | float | Decimal):
        return True
    text = re.sub(r"[\s\u00a0£()mM]+", "", str(value)).lstrip(_NEGATIVE_SIGNS)
    return bool(_AMOUNT.fullmatch(text))


def _column_is_numeric(rows, column) -> bool:
    values = [cells[column] for _line, cells in rows if column < len(cells)]
    values = [value for value in values if not _is_blank(value)]
    numeric = sum(_looks_numeric(value) for value in values)
    return numeric > 0 and numeric >= len(values) - numeric


def table_parse(table, options: Options, *, bodies, default_label: str) -> ParsedTable:
    """Read `table` (funding.tables.Table) with `options` against `bodies` (all 43)."""
    parsed = ParsedTable()
    header_index = _find_header(table.rows)
    if header_index is None:
        parsed.refusals.append(
            str(
                _(
                    "No header row was found. The table needs a row of column headings with "
                    "one for the area, such as “Police force area”, “Area” or “PCC”."
                )
            )
        )
        return parsed
    header_cells = table.rows[header_index][1]
    title_rows = table.rows[:header_index]
    data_rows = table.rows[header_index + 1 :]
    headers = [_text(cell) for cell in header_cells]
    parsed.headers = [header for header in headers if header]
    keys = [header_key(header) for header in headers]

    area_column = next(i for i, key in enumerate(keys) if key in AREA_HEADERS)
    year_column = next((i for i, key in enumerate(keys) if key in YEAR_HEADERS), None)
    line_column = next((i for i, key in enumerate(keys) if key in LINE_HEADERS), None)
    used = {area_column, year_column, line_column}

    amount_column = _choose_amount_column(parsed, options, headers, keys, data_rows, used)
    if amount_column is None:
        return parsed
    parsed.amount_column = headers[amount_column]

    if year_column is None and options.year is None:
        parsed.refusals.append(
            str(
                _(
                    "The table has no year column, so say which financial year it is for "
                    "(for example 2025-26)."
                )
            )
        )
        return parsed

    header_millions = says_millions(headers[amount_column]) or any(
        says_millions(cell) for _line, cells in title_rows for cell in cells
    )
    if header_millions and options.units != MILLIONS:
        parsed.refusals.append(
            str(
                _(
                    "The table says its amounts are in millions (column “%(column)s”), but "
                    "the import is in pounds. If the table is in £ millions, import it with "
                    "the units set to millions."
                )
                % {"column": headers[amount_column]}
            )
        )
        return parsed
    if options.units == MILLIONS and not header_millions:
        parsed.refusals.append(
            str(
                _(
                    "The import is in millions, but nothing in the table's headings says its "
                    "amounts are in millions (column “%(column)s”). A million-fold error must "
                    "not pass: import it in pounds, or check the table."
                )
                % {"column": headers[amount_column]}
            )
        )
        return parsed

    def cell(cells, column):
        return cells[column] if column is not None and column < len(cells) else None

    totals = []
    units_seen = []
    for line, cells in data_rows:
        if all(_is_blank(value) for value in cells):
            continue
        area = _text(cell(cells, area_column))
        raw_amount = cell(cells, amount_column)
        raw_year = cell(cells, year_column)
        line_text = _text(cell(cells, line_column))
        row = Row(line=line, area=area, label=line_text or options.label or default_label)

        if year_column is not None and not _is_blank(raw_year):
            try:
                row.year = year_parse(raw_year)
            except ValueError as exc:
                row.problem(
                    _("bad year “%(year)s”: %(reason)s")
                    % {"year": _text(raw_year), "reason": exc.args[0]}
                )
            else:
                if options.year is not None and row.year != options.year:
                    row.problem(
                        _("the year %(year)s is not %(expected)s, the year of this import")
                        % {"year": row.year, "expected": options.year}
                    )
        elif options.year is not None:
            row.year = options.year
        elif area and not _is_blank(raw_amount):
            row.problem(_("there is no financial year"))

        if is_total_area(area):
            try:
                amount, unit = amount_parse(raw_amount, units=options.units)
            except AmountInvalid as exc:
                parsed.refusals.append(
                    str(
                        _("Line %(line)s: the total “%(value)s” cannot be read: %(reason)s.")
                        % {"line": line, "value": _text(raw_amount), "reason": exc.args[0]}
                    )
                )
            else:
                totals.append((line, row.year, line_text, amount, unit))
            continue

        if not area:
            if not _is_blank(raw_amount):
                row.problem(_("there is no area"))
                parsed.rows.append(row)
            continue

        row.body = policing_body_resolve(area, bodies=bodies)
        if row.body is None:
            if _is_blank(raw_amount):
                # Text under the table ("Source: Home Office", a footnote): not a row.
                row.status, row.reason = NOTE, _("not a row of the table: no amount")
            elif row.status != PROBLEM:
                row.problem(_("unknown area “%(area)s”") % {"area": area})
            parsed.rows.append(row)
            continue

        try:
            row.amount, unit = amount_parse(raw_amount, units=options.units)
        except AmountInvalid as exc:
            if row.status != PROBLEM:
                row.problem(
                    _("bad amount “%(value)s”: %(reason)s")
                    % {"value": _text(raw_amount), "reason": exc.args[0]}
                )
        else:
            units_seen.append(unit)
        parsed.rows.append(row)

    _mark_duplicates(parsed.rows)
    _check_totals(parsed, totals, units_seen, has_lines=line_column is not None)
    return parsed


def _choose_amount_column(parsed, options, headers, keys, data_rows, used):
    if options.column:
        wanted = header_key(options.column)
        for index, key in enumerate(keys):
            if key and (key == wanted or headers[index].strip() == options.column.strip()):
                return index
        parsed.refusals.append(
            str(
                _("There is no column “%(column)s”. The columns are: %(columns)s.")
                % {"column": options.column, "columns": ", ".join(parsed.headers)}
            )
        )
        return None
    candidates = [
        index
        for index, header in enumerate(headers)
        if header and index not in used and _column_is_numeric(data_rows, index)
    ]
    parsed.amount_candidates = [headers[index] for index in candidates]
    if len(candidates) == 1:
        return candidates[0]
    if not candidates:
        parsed.refusals.append(
            str(
                _("No column of amounts was found. The columns are: %(columns)s.")
                % {"columns": ", ".join(parsed.headers)}
            )
        )
    else:
        parsed.refusals.append(
            str(
                _("Several columns hold amounts: %(columns)s. Choose the one to import.")
                % {"columns": ", ".join(f"“{h}”" for h in parsed.amount_candidates)}
            )
        )
    return None


def _mark_duplicates(rows) -> None:
    seen = {}
    for row in rows:
        if row.status == PROBLEM or row.body is None or row.year is None:
            continue
        first = seen.setdefault(row.key, row)
        if first is not row:
            row.problem(
                _("%(area)s appears twice for %(year)s (also on line %(line)s)")
                % {"area": row.body.police_area, "year": row.year, "line": first.line}
            )


def _check_totals(parsed, totals, units_seen, *, has_lines) -> None:
    for line, year, label, printed, unit in totals:
        rows = [
            row
            for row in parsed.rows
            if row.amount is not None
            and (year is None or row.year == year)
            and (not (has_lines and label) or row.label == label)
        ]
        summed = sum((row.amount for row in rows), Decimal("0.00"))
        # Each printed figure may be off by half its last digit; so may the total.
        coarsest = max([unit, *units_seen])
        tolerance = coarsest / 2 * (len(rows) + 1)
        check = TotalCheck(line, year, label, printed, summed, tolerance)
        parsed.totals.append(check)
        if not check.within_rounding:
            parsed.refusals.append(check.describe())
