"""axe on the funding pages with figures in them (the matrix's run opens them empty): the
national view's chart and table, a body's finance page and history, and the import's check
page with changes and with problem rows."""

from decimal import Decimal

import pytest
from playwright.sync_api import expect

from tests.harness.axe import assert_accessible, axe_violations, violations_report

pytestmark = [pytest.mark.e2e, pytest.mark.django_db(transaction=True)]


def check(page, url):
    response = page.goto(url)
    assert response.ok, f"{url} answered {response.status}"
    violations = axe_violations(page)
    assert not violations, f"{url}:\n{violations_report(violations)}"


def allocations():
    from core.models import PolicingBody
    from funding.reference import MOJ_VICTIMS_SERVICES
    from tests.funding.factories import AllocationFactory, stream

    for index, body in enumerate(PolicingBody.objects.all()):
        AllocationFactory(body=body, amount=Decimal(1_000_000 + index * 12_345))
        for label in ("Core", "ISVA"):
            AllocationFactory(
                body=body, stream=stream(MOJ_VICTIMS_SERVICES), line_label=label, amount=5
            )


def test_the_national_view_with_every_body(browser_as):
    allocations()
    page = browser_as("anonymous")
    check(page, "/funding/community-safety-fund/2025-26/?sort=area")
    check(page, "/funding/moj-victims-services/2025-26/?line=ISVA")
    check(page, "/funding/")


def test_the_finance_page_and_its_history(browser_as):
    allocations()
    page = browser_as("finance_officer_a")
    check(page, "/manage/funding/")
    page.goto("/manage/funding/allocations/add/")
    page.get_by_label("Amount").fill("-5")
    page.get_by_role("button", name="Save").click()
    expect(page.get_by_text("There is a problem")).to_be_visible()
    assert_accessible(page)
    check(page, "/manage/funding/history/")


def test_the_import_check_page_with_changes_and_with_problems(browser_as, tmp_path):
    from tests.funding.factories import csv_bytes

    page = browser_as("site_admin")
    for name, rows in [
        ("good.csv", [["Area", "Amount"], ["Kent", "£5"], ["Total", "£5"]]),
        ("bad.csv", [["Area", "2024-25", "2025-26"], ["Gotham", "1", "2"]]),
    ]:
        path = tmp_path / name
        path.write_bytes(csv_bytes(rows))
        page.goto("/manage/funding/import/")
        page.get_by_label("Funding stream").select_option("community-safety-fund")
        page.locator("input[type=file]").set_input_files(str(path))
        page.get_by_label("Financial year (optional)").fill("2025-26")
        page.get_by_role("button", name="Check the table").click()
        page.wait_for_url("**/manage/funding/import/check/")
        violations = axe_violations(page)
        assert not violations, f"{name}:\n{violations_report(violations)}"
