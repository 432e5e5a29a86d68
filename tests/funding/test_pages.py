"""The funding pages: the import in two steps, the finance page, hand entry, history, and the
public national view with its chart and downloads."""

import csv
import io
import re
from decimal import Decimal

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.core.management import call_command
from django.urls import reverse
from openpyxl import load_workbook

from core.money import format_money
from funding.models import Allocation
from tests.funding.factories import YEAR, AllocationFactory, body, csv_bytes, moj, stream
from tests.funding.test_import_service import national_rows

pytestmark = pytest.mark.django_db

NATIONAL = reverse("funding:national", args=["community-safety-fund", "2025-26"])


def upload(client, content, name="table.csv", **fields):
    data = {
        "stream": "community-safety-fund",
        "year": "2025-26",
        "units": "pounds",
        "label": "",
        "sheet": "",
        "table": SimpleUploadedFile(name, content),
        **fields,
    }
    return client.post(reverse("funding:import"), data)


def national_table():
    rows = national_rows()
    total = sum(Decimal(row[1].strip("£").replace(",", "")) for row in rows[1:])
    return [["Community Safety Fund allocations 2025-26"], *rows, ["Total", f"£{total:,}"]], total


def test_the_done_when_journey(client, signed_in, tmp_path):
    """A site admin imports a published table as printed, checks, confirms; the national view
    shows every body and the exact total; the command prints the same total and a second run
    changes nothing. A finance officer's import of the same table changes nothing either."""
    rows, total = national_table()
    signed_in("site_admin")
    response = upload(client, csv_bytes(rows, encoding="cp1252"))
    assert response.status_code == 302
    assert response["Location"] == reverse("funding:import-preview")
    preview = client.get(response["Location"]).content.decode()
    assert f"43 allocations, total {format_money(total)}." in preview
    assert "agrees with the sum of the rows" in preview
    assert not Allocation.objects.exists()
    fingerprint = re.search(r'name="fingerprint" value="([0-9a-f]+)"', preview)[1]

    done = client.post(
        reverse("funding:import-preview"), {"action": "confirm", "fingerprint": fingerprint}
    )
    assert done["Location"] == NATIONAL
    assert Allocation.objects.count() == 43

    national = client.get(NATIONAL).content.decode()
    assert format_money(total) in national
    for each in body().__class__.objects.all():
        assert each.police_area in national

    path = tmp_path / "csf.csv"
    path.write_bytes(csv_bytes(rows))
    out = io.StringIO()
    call_command(
        "import_allocations",
        str(path),
        "--stream=community-safety-fund",
        "--year=2025-26",
        stdout=out,
    )
    assert f"43 allocations, total {format_money(total)}" in out.getvalue()
    assert "Nothing changed" in out.getvalue()


def test_a_finance_officer_sees_their_row_and_the_others_skipped_then_confirms(client, signed_in):
    rows, _total = national_table()
    signed_in("finance_officer_a")
    upload(client, csv_bytes(rows))
    preview = client.get(reverse("funding:import-preview")).content.decode()
    assert "1 allocation, total £100,000.00." in preview
    assert preview.count("skipped: not your body") == 42
    fingerprint = re.search(r'name="fingerprint" value="([0-9a-f]+)"', preview)[1]
    done = client.post(
        reverse("funding:import-preview"), {"action": "confirm", "fingerprint": fingerprint}
    )
    assert done["Location"] == reverse("funding:finance")
    assert list(Allocation.objects.values_list("body__slug", flat=True)) == ["avon-and-somerset"]


def test_a_changed_amount_is_shown_from_and_to_before_it_is_confirmed(client, signed_in):
    AllocationFactory(amount=Decimal("90000.00"))
    signed_in("finance_officer_a")
    upload(client, csv_bytes([["Area", "Amount"], ["Avon & Somerset", "£100,000"]]))
    preview = client.get(reverse("funding:import-preview")).content.decode()
    assert "from £90,000.00 to £100,000.00" in preview


def test_problem_rows_are_listed_and_nothing_can_be_confirmed(client, signed_in):
    signed_in("finance_officer_a")
    upload(client, csv_bytes([["Area", "Amount"], ["Avon & Somerset", "5"], ["Gotham", "6"]]))
    preview = client.get(reverse("funding:import-preview")).content.decode()
    assert "Line 3: unknown area “Gotham”" in preview
    assert 'name="fingerprint"' not in preview
    refused = client.post(reverse("funding:import-preview"), {"action": "confirm"})
    assert refused.status_code == 200
    assert not Allocation.objects.exists()


def test_the_amount_column_is_chosen_from_the_headers_found(client, signed_in):
    signed_in("finance_officer_a")
    upload(client, csv_bytes([["Area", "2024-25", "2025-26"], ["Avon & Somerset", "1", "2"]]))
    preview = client.get(reverse("funding:import-preview")).content.decode()
    assert "Several columns hold amounts" in preview
    choices = re.findall(r'name="column" type="radio" value="([^"]*)"', preview)
    assert choices == ["2024-25", "2025-26"]
    chosen = client.post(
        reverse("funding:import-preview"), {"action": "column", "column": "2025-26"}
    )
    assert chosen.status_code == 302
    preview = client.get(reverse("funding:import-preview")).content.decode()
    assert "1 allocation, total £2.00." in preview


def test_the_upload_refuses_files_that_are_not_tables(client, signed_in):
    signed_in("finance_officer_a")
    response = upload(client, b"%PDF-1.4 not a table", name="table.pdf")
    assert "must be a CSV or an Excel" in response.content.decode()
    assert "funding_import" not in client.session


def test_the_preview_without_a_table_goes_back_to_the_upload(client, signed_in):
    signed_in("finance_officer_a")
    response = client.get(reverse("funding:import-preview"))
    assert response["Location"] == reverse("funding:import")


def test_the_finance_page_shows_allocations_by_stream_and_year_with_line_totals(client, signed_in):
    AllocationFactory(stream=moj(), line_label="Core", amount=Decimal("100.00"))
    AllocationFactory(stream=moj(), line_label="ISVA", amount=Decimal("50.50"))
    AllocationFactory(body=body("kent"), amount=Decimal("999.00"))
    signed_in("commissioning_officer_a")
    html = client.get(reverse("funding:finance")).content.decode()
    assert "Ministry of Justice victims&#x27; services grant" in html
    assert "£150.50" in html
    assert "£999.00" not in html
    assert reverse("funding:allocation-add") not in html  # only finance officers change


def test_hand_entry_adds_then_changes_and_the_history_shows_both(client, signed_in):
    signed_in("finance_officer_a")
    data = {"stream": "precept", "year": "2025-26", "line_label": "", "amount": "£1,000"}
    response = client.post(reverse("funding:allocation-add"), data)
    assert response["Location"] == reverse("funding:finance")
    allocation = Allocation.objects.get()
    assert allocation.amount == Decimal("1000.00")
    assert allocation.line_label == "Precept"
    client.post(reverse("funding:allocation-edit", args=[allocation.pk]), {"amount": "1,250.50"})
    allocation.refresh_from_db()
    assert allocation.amount == Decimal("1250.50")
    history = client.get(reverse("funding:history")).content.decode()
    assert "From £1,000.00 to £1,250.50" in history
    assert "Added: £1,000.00" in history
    assert "user:finance_officer_a@example.org" in history


def test_hand_entry_refuses_a_negative_amount(client, signed_in):
    signed_in("finance_officer_a")
    data = {"stream": "precept", "year": "2025-26", "amount": "-5"}
    response = client.post(reverse("funding:allocation-add"), data)
    assert response.status_code == 200
    assert "Enter an amount of £0.00 or more" in response.content.decode()
    assert not Allocation.objects.exists()


def test_the_national_view_sorts_and_draws_bars_largest_first(client):
    AllocationFactory(body=body("kent"), amount=Decimal("300.00"))
    AllocationFactory(body=body("essex"), amount=Decimal("100.00"))
    AllocationFactory(body=body("surrey"), amount=Decimal("200.00"))
    by_area = client.get(NATIONAL + "?sort=area").content.decode()
    table = by_area.split("<table", 1)[1]
    assert table.index("Essex") < table.index("Kent") < table.index("Surrey")
    assert 'aria-sort="ascending"' in table
    chart = by_area.split("<svg", 1)[1].split("</svg>", 1)[0]
    assert chart.index("Kent") < chart.index("Surrey") < chart.index("Essex")
    assert "£300.00" in chart
    assert "£600.00" in by_area  # the total
    by_amount = client.get(NATIONAL).content.decode().split("<table", 1)[1]
    assert by_amount.index("Kent") < by_amount.index("Surrey") < by_amount.index("Essex")


def test_the_index_lists_each_published_stream_with_its_years(client):
    AllocationFactory(year=YEAR.previous())
    AllocationFactory(stream=stream("precept"))
    html = client.get(reverse("funding:national-index")).content.decode()
    assert reverse("funding:national", args=["community-safety-fund", "2024-25"]) in html
    assert "/funding/precept/" not in html
    assert "Police main grant" in html


def test_an_unpublished_stream_or_a_bad_year_is_not_found(client):
    AllocationFactory(stream=stream("precept"))
    assert client.get(reverse("funding:national", args=["precept", "2025-26"])).status_code == 404
    bad_year = reverse("funding:national", args=["community-safety-fund", "1999-00"])
    assert client.get(bad_year).status_code == 404


def test_downloads_give_the_same_figures_in_csv_and_xlsx(client):
    AllocationFactory(body=body("kent"), amount=Decimal("179700000.00"))
    AllocationFactory(body=body("essex"), amount=Decimal("0.00"))
    args = ["community-safety-fund", "2025-26"]
    response = client.get(reverse("funding:national-csv", args=args), follow=True)
    text = b"".join(response.streaming_content).decode("utf-8-sig")
    rows = list(csv.reader(io.StringIO(text)))
    assert rows[0] == ["Area", "Policing body", "Year", "Fund", "Amount (£)"]
    assert [rows[1][0], rows[1][2], rows[1][4]] == ["Essex", "2025-26", "0.00"]
    assert rows[2][4] == "179700000.00"
    response = client.get(reverse("funding:national-xlsx", args=args), follow=True)
    workbook = load_workbook(io.BytesIO(b"".join(response.streaming_content)))
    values = list(workbook.active.iter_rows(values_only=True))
    assert values[2][0] == "Kent"
    assert Decimal(repr(values[2][4])) == Decimal("179700000")


def test_a_line_of_the_stream_can_be_shown_alone(client):
    AllocationFactory(stream=moj(), line_label="Core", amount=Decimal("100.00"))
    AllocationFactory(stream=moj(), line_label="ISVA", amount=Decimal("7.00"))
    url = reverse("funding:national", args=["moj-victims-services", YEAR])
    html = client.get(url).content.decode()
    assert "£107.00" in html
    assert "Yes, to: Victims&#x27; information and advice; Advocacy (IDVA, ISVA)" in html
    assert "Underspend returns to the funder" in html
    assert "£107.00" not in client.get(url + "?line=ISVA").content.decode()


def test_office_staff_find_funding_in_the_navigation_and_the_public_from_the_start_page(
    client, signed_in
):
    start = client.get(reverse("core:home")).content.decode()
    assert reverse("funding:national-index") in start
    signed_in("decision_maker_a")
    html = client.get(reverse("plans:list")).content.decode()
    assert f'href="{reverse("funding:finance")}"' in html
