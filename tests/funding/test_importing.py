"""Reading tables as government prints them: every awkward format, and every refusal."""

from decimal import Decimal

import pytest

from core.financial_years import FinancialYear
from core.models import PolicingBody
from funding.importing import (
    MILLIONS,
    NOTE,
    PROBLEM,
    AmountInvalid,
    Options,
    amount_parse,
    table_parse,
    year_parse,
)
from funding.tables import TableUnreadable, read_table
from tests.funding.factories import YEAR, csv_bytes, xlsx_bytes

pytestmark = pytest.mark.django_db

HEADER = ["Police force area", "Allocation (£)"]


def parse(content, *, sheet=None, **options):
    options.setdefault("year", YEAR)
    table = read_table(content, sheet=sheet)
    bodies = list(PolicingBody.objects.all())
    return table_parse(table, Options(**options), bodies=bodies, default_label="Stream")


def good(parsed):
    assert not parsed.refusals, parsed.refusals
    assert not [row for row in parsed.rows if row.status == PROBLEM], [
        (row.line, row.reason) for row in parsed.rows if row.status == PROBLEM
    ]
    return {row.body.slug: row.amount for row in parsed.rows if row.status != NOTE}


def problems(parsed):
    return {row.line: str(row.reason) for row in parsed.rows if row.status == PROBLEM}


@pytest.mark.parametrize(
    ("printed", "slug"),
    [
        ("Metropolitan", "metropolitan"),
        ("Metropolitan Police", "metropolitan"),
        ("GLA-Police", "metropolitan"),
        ("London, City of", "city-of-london"),
        ("Dyfed Powys", "dyfed-powys"),
        ("Dyfed-Powys", "dyfed-powys"),
        ("Avon & Somerset", "avon-and-somerset"),
        ("Avon and Somerset Constabulary", "avon-and-somerset"),
        ("Essex Police, Fire and Crime Commissioner", "essex"),
        ("Hampshire and Isle of Wight", "hampshire"),
        ("Metropolitan Police Service (MOPAC)", "metropolitan"),
    ],
)
def test_area_names_as_printed_resolve_to_their_body(printed, slug):
    parsed = parse(csv_bytes([HEADER, [printed, "1,000"]]))
    assert good(parsed) == {slug: Decimal("1000.00")}


def test_amounts_with_or_without_pound_signs_commas_and_pence():
    parsed = parse(
        csv_bytes(
            [
                HEADER,
                ["Kent", "£1,234,567.89"],
                ["Essex", "1234567"],
                ["Surrey", " £ 12,000.5 "],
                ["Sussex", "£0"],
                ["Dorset", "0.00"],
            ]
        )
    )
    assert good(parsed) == {
        "kent": Decimal("1234567.89"),
        "essex": Decimal("1234567.00"),
        "surrey": Decimal("12000.50"),
        "sussex": Decimal("0.00"),
        "dorset": Decimal("0.00"),
    }


def test_millions_as_text_become_exact_pounds():
    parsed = parse(
        csv_bytes([["Area", "2025-26 (£m)"], ["Kent", "179.7"], ["Essex", "0.05"]]),
        units=MILLIONS,
    )
    assert good(parsed) == {"kent": Decimal("179700000.00"), "essex": Decimal("50000.00")}


def test_xlsx_numeric_cells_are_read_through_their_repr_never_as_binary_fractions():
    # Decimal(179.7) is 179.69999999999998863...; the printed figure is 179.7.
    parsed = parse(
        xlsx_bytes([["Area", "Allocation £ millions"], ["Kent", 179.7], ["Essex", 12]]),
        units=MILLIONS,
    )
    assert good(parsed) == {"kent": Decimal("179700000.00"), "essex": Decimal("12000000.00")}
    pounds = parse(xlsx_bytes([HEADER, ["Kent", 1234.56], ["Essex", 1234.567]]))
    assert pounds.rows[0].amount == Decimal("1234.56")
    # A fraction of a penny is a problem, never a silent rounding.
    assert "not a whole number of pence" in problems(pounds)[3]


def test_amount_parse_refuses_what_is_not_whole_pence_after_the_units():
    assert amount_parse("1.5", units=MILLIONS)[0] == Decimal("1500000.00")
    assert amount_parse("0.000001", units=MILLIONS)[0] == Decimal("1.00")
    for bad in ["0.000000001", "1.234", "-5", "(1,000)", "abc", "", None, "1,00,0"]:
        units = MILLIONS if bad == "0.000000001" else "pounds"
        with pytest.raises(AmountInvalid):
            amount_parse(bad, units=units)


@pytest.mark.parametrize("printed", ["2025-26", "2025/26", "2025 to 2026", "2025\u201326"])
def test_a_year_column_may_write_the_year_in_each_way_tables_do(printed):
    parsed = parse(csv_bytes([["Area", "Year", "Amount"], ["Kent", printed, "5"]]), year=None)
    assert good(parsed) == {"kent": Decimal("5.00")}
    assert parsed.rows[0].year == FinancialYear(2025)


def test_several_years_in_one_table_each_row_keeps_its_year():
    parsed = parse(
        csv_bytes(
            [
                ["Area", "Year", "Amount"],
                ["Kent", "2024-25", "5"],
                ["Kent", "2025-26", "6"],
                ["Kent", "2000-01", "7"],
            ]
        ),
        year=None,
    )
    assert not problems(parsed)
    assert [(row.year.start_year, row.amount) for row in parsed.rows] == [
        (2024, Decimal("5.00")),
        (2025, Decimal("6.00")),
        (2000, Decimal("7.00")),
    ]


def test_a_year_before_2000_or_unreadable_or_disagreeing_with_the_import_is_a_problem_row():
    parsed = parse(
        csv_bytes(
            [
                ["Area", "Year", "Amount"],
                ["Kent", "1999-00", "5"],
                ["Essex", "next year", "5"],
                ["Surrey", "2024-25", "5"],
                ["Sussex", "2025-26", "5"],
            ]
        )
    )
    found = problems(parsed)
    assert "2000-01" in found[2]
    assert "next year" in found[3]
    assert "2024-25 is not 2025-26" in found[4]
    assert 5 not in found


def test_without_a_year_column_or_a_year_the_table_is_refused():
    parsed = parse(csv_bytes([HEADER, ["Kent", "5"]]), year=None)
    assert "financial year" in parsed.refusals[0]


def test_byte_order_mark_and_windows_1252_pound_signs():
    with_bom = parse(csv_bytes([HEADER, ["Kent", "£10"]], bom=True))
    assert good(with_bom) == {"kent": Decimal("10.00")}
    cp1252 = csv_bytes([HEADER, ["Kent", "£1,250.50"]], encoding="cp1252")
    assert b"\xa3" in cp1252
    assert good(parse(cp1252)) == {"kent": Decimal("1250.50")}


def test_title_rows_blank_lines_and_notes_with_line_numbers_as_printed():
    content = csv_bytes(
        [
            ["Community Safety Fund allocations 2025-26"],
            ["Published by the Home Office"],
            [],
            HEADER,
            ["Kent", "100"],
            [],
            ["", ""],
            ["Narnia", "5"],
            ["Source: Home Office", ""],
        ]
    )
    parsed = parse(content)
    assert parsed.rows[0].line == 5
    assert problems(parsed) == {8: "unknown area “Narnia”"}
    assert [(row.line, row.status) for row in parsed.rows if row.status == NOTE] == [(9, NOTE)]


@pytest.mark.parametrize("total", ["Total", "England and Wales", "England & Wales"])
def test_a_totals_row_is_checked_against_the_rows_and_never_imported(total):
    parsed = parse(csv_bytes([HEADER, ["Kent", "100.50"], ["Essex", "200"], [total, "300.50"]]))
    assert good(parsed) == {"kent": Decimal("100.50"), "essex": Decimal("200.00")}
    [check] = parsed.totals
    assert check.agrees
    assert check.line == 4


def test_a_total_off_by_the_printed_rounding_is_reported_a_larger_difference_refuses():
    rounded = parse(
        csv_bytes([["Area", "£m"], ["Kent", "1.1"], ["Essex", "2.1"], ["Total", "3.3"]]),
        units=MILLIONS,
    )
    [check] = rounded.totals
    assert not rounded.refusals
    assert not check.agrees
    assert check.within_rounding
    assert "within the table's rounding" in check.describe()

    wrong = parse(csv_bytes([HEADER, ["Kent", "100"], ["Essex", "200"], ["Total", "310"]]))
    assert "more than the table's rounding" in wrong.refusals[0]


def test_a_fund_label_containing_total_does_not_make_a_totals_row():
    parsed = parse(
        csv_bytes(
            [
                ["Area", "Fund", "Amount"],
                ["Kent", "Core", "10"],
                ["Kent", "Total uplift", "5"],
                ["Total", "Core", "10"],
            ]
        )
    )
    assert [(row.label, row.amount) for row in parsed.rows] == [
        ("Core", Decimal("10.00")),
        ("Total uplift", Decimal("5.00")),
    ]
    [check] = parsed.totals
    assert check.agrees  # the Core total is the sum of the Core lines only


def test_the_line_label_comes_from_a_fund_or_line_column_else_the_label_else_the_stream():
    lines = parse(
        csv_bytes([["Area", "Line", "Amount"], ["Kent", "ISVA", "1"], ["Kent", "IDVA", "2"]])
    )
    assert [row.label for row in lines.rows] == ["ISVA", "IDVA"]
    assert parse(csv_bytes([HEADER, ["Kent", "1"]]), label="Core").rows[0].label == "Core"
    assert parse(csv_bytes([HEADER, ["Kent", "1"]])).rows[0].label == "Stream"


def test_the_same_area_twice_in_a_year_is_a_problem_naming_both_lines():
    parsed = parse(csv_bytes([HEADER, ["Kent", "1"], ["Kent Police", "2"]]))
    assert problems(parsed) == {3: "Kent appears twice for 2025-26 (also on line 2)"}


def test_bad_and_negative_amounts_are_problem_rows_naming_the_value():
    parsed = parse(
        csv_bytes([HEADER, ["Kent", "n/a"], ["Essex", "-5"], ["Surrey", ""], ["Sussex", "5"]])
    )
    found = problems(parsed)
    assert "“n/a”" in found[2]
    assert "negative" in found[3]
    assert "no amount" in found[4]


def test_the_amount_column_is_the_only_numeric_one_or_the_one_named():
    table = [
        ["Area", "ONS code", "2024-25", "2025-26"],
        ["Kent", "E23000032", "1", "2"],
    ]
    several = parse(csv_bytes(table))
    assert "Several columns hold amounts: “2024-25”, “2025-26”" in several.refusals[0]
    chosen = parse(csv_bytes(table), column="2025-26")
    assert good(chosen) == {"kent": Decimal("2.00")}
    missing = parse(csv_bytes(table), column="2026-27")
    assert "There is no column “2026-27”" in missing.refusals[0]
    assert "ONS code" in missing.refusals[0]
    none = parse(csv_bytes([["Area", "Notes"], ["Kent", "fine"]]))
    assert "No column of amounts" in none.refusals[0]


def test_a_header_in_millions_without_millions_units_and_the_reverse_are_refused():
    in_millions = csv_bytes([["Area", "Allocation (£m)"], ["Kent", "179.7"]])
    assert "in millions" in parse(in_millions).refusals[0]
    titled = csv_bytes([["All figures in £ millions"], HEADER, ["Kent", "179.7"]])
    assert "in millions" in parse(titled).refusals[0]
    in_pounds = csv_bytes([HEADER, ["Kent", "179.7"]])
    assert "million-fold" in parse(in_pounds, units=MILLIONS).refusals[0]


def test_no_header_row_is_refused():
    parsed = parse(csv_bytes([["Kent", "1"], ["Essex", "2"]]))
    assert "No header row" in parsed.refusals[0]


def test_xlsx_reads_the_first_sheet_or_the_one_named():
    content = xlsx_bytes(
        [["Title above"], [], HEADER, ["Kent", 10], ["Total", 10]],
        more_sheets=[("2024-25", [HEADER, ["Essex", 20]])],
    )
    first = parse(content)
    assert good(first) == {"kent": Decimal("10.00")}
    assert first.rows[0].line == 4
    assert good(parse(content, sheet="2024-25")) == {"essex": Decimal("20.00")}
    with pytest.raises(TableUnreadable) as refused:
        read_table(content, sheet="Missing")
    assert "Allocations, 2024-25" in str(refused.value.message)


def test_files_that_are_not_tables_are_refused_with_a_reason():
    with pytest.raises(TableUnreadable):
        read_table(b"")
    with pytest.raises(TableUnreadable):
        read_table(b"\xd0\xcf\x11\xe0 old excel")
    with pytest.raises(TableUnreadable):
        read_table(b"a,b\x00c")
    with pytest.raises(TableUnreadable):
        read_table(b"PK\x03\x04 not really a workbook")


def test_year_parse_accepts_the_three_spellings_from_2000_on():
    assert year_parse("2000-01") == FinancialYear(2000)
    assert year_parse(" 2030 to 2031 ") == FinancialYear(2030)
    for bad in ["1999-00", "2025-27", "25-26", 2025]:
        with pytest.raises(ValueError, match="financial year"):
            year_parse(bad)
