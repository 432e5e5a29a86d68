import csv
import datetime
import gc
import io
import tracemalloc
import zoneinfo
from decimal import Decimal
from types import SimpleNamespace

import openpyxl
import pytest
from django.utils.functional import lazy
from django.utils.translation import gettext_lazy as _
from openpyxl.worksheet._writer import ALL_TEMP_FILES

from core.exports import (
    Column,
    csv_response,
    iter_csv,
    neutralise,
    write_csv,
    write_xlsx,
    xlsx_response,
)
from core.financial_years import FinancialYear

UTC = datetime.UTC
LONDON = zoneinfo.ZoneInfo("Europe/London")

# Welsh, with an en dash: characters Excel misreads in a CSV without a byte-order mark.
NAME = "Cymorth i Ddioddefwyr \u2013 \u0174yr"
DANGEROUS = ["=1+1", "+44 20 7946 0000", "-2+3", "@SUM(A1)", "\t=cmd", "\r=cmd"]

COLUMNS = [
    Column(_("Recipient"), "provider.name"),
    Column("Amount", "amount"),
    Column("Decided", "decided_at"),
    Column("Starts", "starts_on"),
    Column("Year", "year"),
    Column("Signed", "signed"),
    Column("Purpose", lambda row: row.purpose),
]


def award(**overrides):
    values = {
        "provider": SimpleNamespace(name=NAME),
        "amount": Decimal("1234.50"),
        # 23:30 UTC on 31 March 2026 is 00:30 BST on 1 April in London.
        "decided_at": datetime.datetime(2026, 3, 31, 23, 30, tzinfo=UTC),
        "starts_on": datetime.date(2026, 4, 1),
        "year": FinancialYear(2026),
        "signed": True,
        "purpose": 'Advocacy, "ISVA" support\nacross the county',
    }
    return SimpleNamespace(**{**values, **overrides})


def read_csv(text: str) -> list[list[str]]:
    return list(csv.reader(io.StringIO(text, newline="")))


def read_xlsx(data: bytes):
    return openpyxl.load_workbook(io.BytesIO(data)).active


# Columns


def test_an_accessor_follows_attributes_keys_and_callables():
    row = {"provider": SimpleNamespace(name="Safe Haven", get_kind_display=lambda: "Charity")}
    assert Column("x", "provider.name").value(row) == "Safe Haven"
    assert Column("x", "provider.get_kind_display").value(row) == "Charity"
    assert Column("x", lambda r: r["provider"].name.upper()).value(row) == "SAFE HAVEN"


def test_an_empty_link_on_the_path_gives_an_empty_cell():
    assert Column("x", "provider.name").value({"provider": None}) is None


def test_a_misspelt_accessor_raises_rather_than_exporting_blanks():
    with pytest.raises(AttributeError):
        Column("x", "provider.nmae").value({"provider": SimpleNamespace(name="A")})
    with pytest.raises(KeyError):
        Column("x", "provder.name").value({"provider": SimpleNamespace(name="A")})


# Formula injection


@pytest.mark.parametrize("text", DANGEROUS)
def test_text_that_a_spreadsheet_would_run_gets_a_leading_apostrophe(text):
    assert neutralise(text) == "'" + text


@pytest.mark.parametrize("text", ["Safe Haven", "a=b", "", "'quoted", " =1", "100"])
def test_other_text_is_left_alone(text):
    assert neutralise(text) == text


# CSV


def test_csv_reads_back_with_every_kind_of_value():
    rows = [award(), award(amount=Decimal("-500.00"), signed=False, provider=None, purpose=None)]
    text = "".join(iter_csv(COLUMNS, rows))
    assert text.startswith("\ufeff")
    parsed = read_csv(text.removeprefix("\ufeff"))
    assert parsed == [
        ["Recipient", "Amount", "Decided", "Starts", "Year", "Signed", "Purpose"],
        [
            NAME,
            "1234.50",
            "2026-04-01T00:30:00+01:00",
            "2026-04-01",
            "2026-27",
            "TRUE",
            'Advocacy, "ISVA" support\nacross the county',
        ],
        # A negative amount is a number, not text, so it keeps its minus sign unescaped.
        ["", "-500.00", "2026-04-01T00:30:00+01:00", "2026-04-01", "2026-27", "FALSE", ""],
    ]


def test_csv_neutralises_formulas_in_text_and_headers():
    columns = [Column("=HEADER()", "text")]
    text = "".join(iter_csv(columns, [{"text": t} for t in DANGEROUS], bom=False))
    parsed = read_csv(text)
    assert parsed[0] == ["'=HEADER()"]
    assert [row[0] for row in parsed[1:]] == ["'" + t for t in DANGEROUS]


def test_csv_without_a_byte_order_mark_for_programs():
    text = "".join(iter_csv(COLUMNS[:1], [award()], bom=False))
    assert text.startswith("Recipient\r\n")


def test_csv_refuses_a_naive_datetime():
    with pytest.raises(ValueError, match="naive"):
        "".join(iter_csv(COLUMNS, [award(decided_at=datetime.datetime(2026, 1, 1))]))  # noqa: DTZ001


def test_csv_writes_to_a_file_and_reports_progress(tmp_path):
    seen = []
    path = tmp_path / "awards.csv"
    rows = (award(amount=Decimal(n)) for n in range(2500))
    with path.open("w", newline="", encoding="utf-8") as f:
        write_csv(f, COLUMNS, rows, progress=seen.append)
    assert seen == [1000, 2000, 2500]
    with path.open(newline="", encoding="utf-8-sig") as f:
        parsed = list(csv.reader(f))
    assert len(parsed) == 2501
    assert parsed[-1][1] == "2499"


def test_csv_response_is_a_streamed_download():
    response = csv_response("grantiau-2026\u201327.csv", COLUMNS, [award()])
    assert response.streaming
    assert response["Content-Type"] == "text/csv; charset=utf-8"
    disposition = response["Content-Disposition"]
    assert disposition.startswith("attachment;")
    assert "filename*=utf-8''grantiau-2026%E2%80%9327.csv" in disposition
    body = b"".join(response.streaming_content).decode("utf-8-sig")
    assert read_csv(body)[1][0] == NAME


def test_csv_response_streams_before_the_rows_run_out():
    produced = 0

    def rows():
        nonlocal produced
        for n in range(100_000):
            produced += 1
            yield {"n": n, "text": f"row {n}"}

    response = csv_response("big.csv", [Column("N", "n"), Column("Text", "text")], rows())
    chunks = iter(response.streaming_content)
    first = next(chunks)
    # The first piece went out after a few thousand rows, with the rest still to come.
    assert first.startswith("\ufeffN,Text\r\n0,row 0\r\n".encode())
    assert produced < 5_000
    rest = b"".join(chunks)
    assert produced == 100_000
    assert (first + rest).count(b"\r\n") == 100_001


# XLSX


def test_xlsx_reads_back_with_numbers_dates_and_text_kept_apart():
    out = io.BytesIO()
    rows = [award(), award(amount=Decimal("-500"), provider=None, signed=False)]
    assert write_xlsx(out, COLUMNS, rows, sheet_title=_("Awards")) == 2
    sheet = read_xlsx(out.getvalue())
    assert sheet.title == "Awards"
    values = [[cell.value for cell in row] for row in sheet.iter_rows()]
    assert values[0] == ["Recipient", "Amount", "Decided", "Starts", "Year", "Signed", "Purpose"]
    assert values[1] == [
        NAME,
        1234.5,
        # London wall-clock time: Excel has no time zones.
        datetime.datetime(2026, 4, 1, 0, 30),  # noqa: DTZ001
        datetime.datetime(2026, 4, 1, 0, 0),  # noqa: DTZ001
        "2026-27",
        True,
        'Advocacy, "ISVA" support\nacross the county',
    ]
    assert values[2][:2] == [None, -500]

    amount, decided, starts = sheet["B2"], sheet["C2"], sheet["D2"]
    assert amount.data_type == "n"
    assert "£" in amount.number_format
    assert decided.is_date
    assert starts.is_date
    assert starts.number_format == "d mmm yyyy"
    assert sheet["A1"].font.bold
    assert sheet.freeze_panes == "A2"


def test_xlsx_neutralises_formulas_and_keeps_error_lookalikes_as_text():
    out = io.BytesIO()
    texts = [*DANGEROUS, "#N/A", "bell\x07 and null\x00 removed"]
    write_xlsx(out, [Column("=H()", "text")], [{"text": t} for t in texts])
    sheet = read_xlsx(out.getvalue())
    cells = [row[0] for row in sheet.iter_rows()]
    assert cells[0].value == "'=H()"
    # XML reads a carriage return back as a line feed; the apostrophe is still first.
    expected = ["'" + t.replace("\r", "\n") for t in DANGEROUS]
    assert [c.value for c in cells[1 : len(DANGEROUS) + 1]] == expected
    assert all(c.data_type == "s" for c in cells)
    assert cells[-2].value == "#N/A"
    assert cells[-1].value == "bell and null removed"


def test_xlsx_a_column_can_give_its_own_number_format():
    out = io.BytesIO()
    write_xlsx(out, [Column("Score", "score", number_format="0.0")], [{"score": Decimal("3.5")}])
    cell = read_xlsx(out.getvalue())["A2"]
    assert (cell.value, cell.number_format) == (3.5, "0.0")


def test_xlsx_sheet_titles_are_made_safe_for_excel():
    out = io.BytesIO()
    write_xlsx(out, COLUMNS, [], sheet_title="Awards [2025/26]: a very long title indeed")
    sheet = read_xlsx(out.getvalue())
    assert sheet.title == "Awards  2025 26   a very long t"
    assert sheet.max_row == 1


def test_xlsx_writes_to_a_path_and_reports_progress(tmp_path):
    seen = []
    path = tmp_path / "awards.xlsx"
    count = write_xlsx(path, COLUMNS, (award() for _ in range(1500)), progress=seen.append)
    assert (count, seen) == (1500, [1000, 1500])
    assert openpyxl.load_workbook(path).active.max_row == 1501


def test_xlsx_refuses_a_naive_datetime():
    with pytest.raises(ValueError, match="naive"):
        write_xlsx(io.BytesIO(), COLUMNS, [award(decided_at=datetime.datetime(2026, 1, 1))])  # noqa: DTZ001


def test_xlsx_response_is_a_download_of_the_finished_workbook():
    response = xlsx_response("awards.xlsx", COLUMNS, [award()], sheet_title="Awards")
    assert response["Content-Type"] == (
        "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"
    )
    assert response["Content-Disposition"] == 'attachment; filename="awards.xlsx"'
    sheet = read_xlsx(b"".join(response.streaming_content))
    # What response.close() does when Django has sent it; without the request signals.
    response.file_to_stream.close()
    assert sheet["B2"].value == 1234.5


def peak_memory_writing_xlsx(rows: int) -> int:
    def generate():
        for n in range(rows):
            yield {"n": n, "amount": Decimal(n), "text": "Refuge support"}

    columns = [Column("N", "n"), Column("Amount", "amount"), Column("Text", "text")]
    tracemalloc.start()
    try:
        write_xlsx(io.BytesIO(), columns, generate())
        return tracemalloc.get_traced_memory()[1]
    finally:
        tracemalloc.stop()


def test_xlsx_memory_does_not_grow_with_the_rows():
    # Not a timing: ten times the rows held in memory would need several times the peak.
    # (Measured: about 1.25 times when streaming, over 5 times if the rows were a list.)
    small = peak_memory_writing_xlsx(1_000)
    large = peak_memory_writing_xlsx(10_000)
    assert large < small * 2


def test_a_failed_xlsx_export_leaves_no_temporary_file_or_open_writer():
    before = list(ALL_TEMP_FILES)

    def rows():
        yield award()
        raise RuntimeError("the database went away")

    with pytest.raises(RuntimeError, match="went away"):
        write_xlsx(io.BytesIO(), COLUMNS, rows())
    # A writer left open would fail here, writing to its closed file as it is collected.
    gc.collect()
    assert before == ALL_TEMP_FILES


def test_csv_response_translates_its_headers_in_the_language_of_the_request():
    # A lazy header whose text changes, as a translation does when the language changes
    # after the view returns and before the server iterates the response.
    language = {"now": "Derbynnydd"}
    header = lazy(lambda: language["now"], str)()
    response = csv_response("awards.csv", [Column(header, "name")], [{"name": "A"}])
    language["now"] = "Recipient"
    body = b"".join(response.streaming_content).decode("utf-8-sig")
    assert read_csv(body)[0] == ["Derbynnydd"]
