"""`manage.py import_allocations`: the totals it prints, its exit status, its dry run."""

import io
from decimal import Decimal

import pytest
from django.core.management import call_command
from django.core.management.base import CommandError

from core.money import format_money
from funding.models import Allocation
from tests.funding.factories import csv_bytes, stream, xlsx_bytes
from tests.funding.test_import_service import national_rows

pytestmark = pytest.mark.django_db


def command(path, *args):
    out, err = io.StringIO(), io.StringIO()
    call_command("import_allocations", str(path), *args, stdout=out, stderr=err)
    return out.getvalue(), err.getvalue()


@pytest.fixture
def national_csv(tmp_path):
    path = tmp_path / "csf-2025-26.csv"
    rows = national_rows()
    total = sum(Decimal(row[1].strip("£").replace(",", "")) for row in rows[1:])
    rows = [["Community Safety Fund 2025-26"], [], *rows, ["England and Wales", f"{total:,}"]]
    path.write_bytes(csv_bytes(rows, encoding="cp1252"))
    return path, total


def test_it_imports_prints_the_total_and_a_second_run_changes_nothing(national_csv):
    path, total = national_csv
    out, _err = command(path, "--stream", "community-safety-fund", "--year", "2025-26")
    assert f"43 allocations, total {format_money(total)}" in out
    assert "43 new, 0 changed, 0 unchanged." in out
    assert "agrees with the sum of the rows" in out
    assert Allocation.objects.filter(stream=stream()).count() == 43
    assert Allocation.objects.first().source == "csf-2025-26.csv"

    again, _err = command(path, "--stream", "community-safety-fund", "--year", "2025/26")
    assert f"43 allocations, total {format_money(total)}" in again
    assert "Nothing changed: the table was already imported." in again


def test_the_dry_run_prints_the_preview_and_writes_nothing(national_csv):
    path, _total = national_csv
    out, _err = command(path, "--stream", "community-safety-fund", "--year", "2025-26", "--dry-run")
    assert "line 4: Avon and Somerset 2025-26 Community Safety Fund: new, £100,000.00" in out
    assert "Dry run: nothing was imported." in out
    assert not Allocation.objects.exists()


def test_problem_rows_are_printed_with_their_line_and_the_exit_status_is_not_zero(tmp_path):
    path = tmp_path / "bad.csv"
    path.write_bytes(
        csv_bytes([["Area", "Amount"], ["Kent", "5"], ["Gotham", "6"], ["Essex", "x"]])
    )
    err = io.StringIO()
    with pytest.raises(CommandError, match="Nothing was imported"):
        call_command(
            "import_allocations",
            str(path),
            "--stream=community-safety-fund",
            "--year=2025-26",
            stdout=io.StringIO(),
            stderr=err,
        )
    assert "line 3: unknown area “Gotham”" in err.getvalue()
    assert "line 4: bad amount “x”" in err.getvalue()
    assert not Allocation.objects.exists()


def test_millions_from_xlsx_with_lines_and_a_chosen_sheet(tmp_path):
    path = tmp_path / "moj.xlsx"
    rows = [
        ["Area", "Fund", "Year", "Allocation (£m)"],
        ["Kent", "Core", "2025-26", 1.2],
        ["Kent", "ISVA", "2025-26", 0.35],
        ["Kent", "Core", "2024-25", 1.1],
    ]
    path.write_bytes(xlsx_bytes([["Cover"]], more_sheets=[("Table 1", rows)]))
    out, _err = command(
        path, "--stream", "moj-victims-services", "--units", "millions", "--sheet", "Table 1"
    )
    assert "3 allocations, total £2,650,000.00" in out
    assert sorted(Allocation.objects.values_list("line_label", "amount")) == [
        ("Core", Decimal("1100000.00")),
        ("Core", Decimal("1200000.00")),
        ("ISVA", Decimal("350000.00")),
    ]


def test_refusals_of_the_command_line_itself(tmp_path, national_csv):
    path, _total = national_csv
    with pytest.raises(CommandError, match="no stream “nope”"):
        command(path, "--stream", "nope", "--year", "2025-26")
    with pytest.raises(CommandError, match="--year"):
        command(path, "--stream", "precept", "--year", "1999-00")
    with pytest.raises(CommandError, match="Cannot read"):
        command(tmp_path / "missing.csv", "--stream", "precept", "--year", "2025-26")
    err = io.StringIO()
    with pytest.raises(CommandError, match="Nothing was imported"):
        call_command(
            "import_allocations",
            str(path),
            "--stream=precept",
            "--year=2025-26",
            "--units=millions",
            stdout=io.StringIO(),
            stderr=err,
        )
    assert "nothing in the table's headings says its amounts are in millions" in err.getvalue()
