"""The national view's downloads: files prepared once per change of the allocations, linked
with their type and size, and downloaded by anyone while the stream is published."""

import csv
import io
import re
from decimal import Decimal
from unittest import mock

import pytest
from django.template.defaultfilters import filesizeformat
from django.urls import reverse
from openpyxl import load_workbook

from core.broker import broker_unpause
from core.models import StoredFile
from core.templatetags.attachments import file_type_label
from funding import services
from funding.downloads import national_download_current, national_downloads_refresh
from funding.models import NationalDownload
from tests.funding.factories import YEAR, AllocationFactory, body, moj, stream
from tests.funding.test_import_service import finance_officer

pytestmark = pytest.mark.django_db

NATIONAL = reverse("funding:national", args=["community-safety-fund", "2025-26"])


def links(html):
    """(href, title, metadata) of each attachment on the page."""
    return re.findall(
        r'app-attachment__title"><a class="govuk-link" href="([^"]+)">([^<]+)</a></h3>\s*'
        r'<p class="govuk-body-s app-attachment__metadata">([^<]+)</p>',
        html,
    )


def content(response):
    # Read to the end: the test client then closes the file.
    assert response.status_code == 200
    return b"".join(response.streaming_content)


def test_the_page_links_both_files_with_their_type_and_size_and_anyone_downloads_them(client):
    AllocationFactory(body=body("kent"), amount=Decimal("179700000.00"))
    AllocationFactory(body=body("essex"), amount=Decimal("0.00"))
    found = links(client.get(NATIONAL).content.decode())
    download = NationalDownload.objects.get()
    assert [(href, title, meta.strip()) for href, title, meta in found] == [
        (
            reverse("core:file-download", args=[download.csv_file.uuid]),
            "These allocations as a CSV file",
            f"CSV, {filesizeformat(download.csv_file.size)}",
        ),
        (
            reverse("core:file-download", args=[download.xlsx_file.uuid]),
            "These allocations as an Excel spreadsheet",
            f"{file_type_label(download.xlsx_file)}, {filesizeformat(download.xlsx_file.size)}",
        ),
    ]
    assert 100 < download.csv_file.size < download.xlsx_file.size
    csv_text = content(client.get(found[0][0])).decode("utf-8-sig")
    rows = list(csv.reader(io.StringIO(csv_text)))
    assert rows[0] == ["Area", "Policing body", "Year", "Fund", "Amount (£)"]
    assert [rows[1][0], rows[1][4], rows[2][0], rows[2][4]] == [
        "Essex",
        "0.00",
        "Kent",
        "179700000.00",
    ]
    workbook = load_workbook(io.BytesIO(content(client.get(found[1][0]))))
    values = list(workbook.active.iter_rows(values_only=True))
    assert values[2][0] == "Kent"
    assert Decimal(repr(values[2][4])) == Decimal("179700000")


def test_the_files_are_built_once_then_again_only_when_the_allocations_change(client):
    allocation = AllocationFactory(body=body("kent"), amount=Decimal("100.00"))
    first = links(client.get(NATIONAL).content.decode())
    files = StoredFile.objects.count()
    assert files == 2
    assert links(client.get(NATIONAL).content.decode()) == first
    assert StoredFile.objects.count() == files

    allocation.amount = Decimal("250.00")
    allocation.save()
    second = links(client.get(NATIONAL).content.decode())
    assert [href for href, *_rest in second] != [href for href, *_rest in first]
    # The old files are gone, from the database and from the links.
    assert StoredFile.objects.count() == 2
    assert not StoredFile.objects.filter(uuid=first[0][0].split("/")[-2]).exists()
    assert "250.00" in content(client.get(second[0][0])).decode("utf-8-sig")


def test_each_line_and_each_language_has_its_own_files(client):
    AllocationFactory(stream=moj(), line_label="Core", amount=Decimal("100.00"))
    AllocationFactory(stream=moj(), line_label="ISVA", amount=Decimal("7.00"))
    url = reverse("funding:national", args=["moj-victims-services", YEAR])
    every_line = links(client.get(url).content.decode())
    isva = links(client.get(url + "?line=ISVA").content.decode())
    assert every_line[0][0] != isva[0][0]
    text = content(client.get(isva[0][0])).decode("utf-8-sig")
    assert "ISVA" in text
    assert "Core" not in text
    welsh = national_download_current(stream=moj(), year=YEAR, line="ISVA", language="cy")
    english = national_download_current(stream=moj(), year=YEAR, line="ISVA", language="en")
    assert welsh.pk != english.pk
    assert NationalDownload.objects.filter(stream=moj()).count() == 3


def test_a_change_builds_the_files_after_its_commit_before_anyone_asks(
    eager_tasks, django_capture_on_commit_callbacks
):
    officer = finance_officer()
    with django_capture_on_commit_callbacks(execute=True):
        services.allocation_set(
            by=officer, body=body(), stream=stream(), year=YEAR, line_label="", amount=Decimal(5)
        )
    built = NationalDownload.objects.get(stream=stream(), year=YEAR, line_label="", language="en")
    assert NationalDownload.objects.filter(stream=stream(), language="cy").exists()
    # A visitor then gets the same files: nothing is built for the page.
    assert national_download_current(stream=stream(), year=YEAR, language="en") == built
    # Every line together and the one line, in English and Welsh.
    assert StoredFile.objects.count() == 8


def test_the_refresh_deletes_the_files_of_a_line_no_longer_allocated():
    core = AllocationFactory(stream=moj(), line_label="Core", amount=Decimal("100.00"))
    AllocationFactory(stream=moj(), line_label="ISVA", amount=Decimal("7.00"))
    assert national_downloads_refresh(stream_id=moj().pk, years=[YEAR.start_year]) == 6
    assert set(NationalDownload.objects.values_list("line_label", flat=True)) == {
        "",
        "Core",
        "ISVA",
    }
    core.delete()
    assert national_downloads_refresh(stream_id=moj().pk, years=[YEAR.start_year]) == 4
    assert set(NationalDownload.objects.values_list("line_label", flat=True)) == {"", "ISVA"}
    assert StoredFile.objects.count() == 8


def test_an_unpublished_stream_builds_nothing_and_its_files_are_not_found(client):
    AllocationFactory(body=body("kent"))
    href = links(client.get(NATIONAL).content.decode())[0][0]
    assert content(client.get(href))
    stream().__class__.objects.filter(pk=stream().pk).update(published=False)
    # Nobody may have it now: a visitor is asked to sign in, as for any file not theirs.
    response = client.get(href)
    assert response.status_code == 302
    assert response["Location"].startswith("/sign-in/")
    assert national_downloads_refresh(stream_id=stream().pk, years=[YEAR.start_year]) == 0


def test_the_old_download_addresses_send_to_the_prepared_files(client):
    AllocationFactory(body=body("kent"))
    args = ["community-safety-fund", "2025-26"]
    download = national_download_current(stream=stream(), year=YEAR, language="en")
    response = client.get(reverse("funding:national-csv", args=args))
    assert response.status_code == 302
    assert response["Location"] == reverse("core:file-download", args=[download.csv_file.uuid])
    response = client.get(reverse("funding:national-xlsx", args=args))
    assert response["Location"] == reverse("core:file-download", args=[download.xlsx_file.uuid])


def test_a_change_is_saved_and_answers_while_the_broker_is_down(
    django_capture_on_commit_callbacks, client
):
    """Found trying the service with Redis stopped: the refresh was sent with `.delay` in a
    plain on_commit, so the broker's error came out of the finance officer's save (a 500
    after the commit). The files are built by the next visitor instead."""
    from funding.tasks import national_downloads_refresh

    officer = finance_officer()
    try:
        with (
            mock.patch.object(
                national_downloads_refresh, "apply_async", side_effect=ConnectionError
            ) as send,
            django_capture_on_commit_callbacks(execute=True),
        ):
            services.allocation_set(
                by=officer,
                body=body(),
                stream=stream(),
                year=YEAR,
                line_label="",
                amount=Decimal(5),
            )
    finally:
        broker_unpause()
    assert send.call_count == 1
    assert not NationalDownload.objects.exists()
    assert links(client.get(NATIONAL).content.decode())
    assert NationalDownload.objects.filter(language="en").count() == 1
